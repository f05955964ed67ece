import { hasPermission, type Domain } from '../auth/permissions.ts'
import type { Principal } from '../auth/principal.ts'
import type { Records, StoredRecord } from '../schema/types.ts'

// The lists of the schema engine's own resources that Orgo's descriptions scope to the caller ("for the current
// user"), by operationId: a small overlay of behaviour on the spec's shape, filters and page (issue 23). The
// hand-written resources say the same of theirs with their definitions' `scopes` (mocks/resources/).

/** The caller as a test of a record sees it. */
export interface Caller {
  id: number
  holds(...domains: Domain[]): boolean
  records: Records
}

type Own = (record: StoredRecord, caller: Caller) => boolean

const byUser: Own = (r, me) => r.user === me.id
const party = (r: StoredRecord, me: Caller) => r.requester === me.id || r.recipient === me.id
const status = (r: StoredRecord) => String(r.status).toLowerCase()

const OWN: Readonly<Record<string, Own>> = {
  // "Returns all course enrollments for the current user"; "...for the current user in a specific course".
  get_course_enrollment_user: byUser,
  get_course_enrollment_user_course: byUser,
  get_my_enrollments: byUser,
  // "Returns all local center favorites for the current user."
  api_local_center_user_preferences_get_collection: byUser,
  // "...user connections for the current user, including pending, accepted, and rejected connections."
  'api_user-connections_get_collection': party,
  user_connection_accepted: (r, me) => party(r, me) && status(r) === 'accepted',
  // "pending connection requests received by the current user"; "requests sent by the current user".
  user_connection_pending: (r, me) => r.recipient === me.id && status(r) === 'pending',
  user_connection_sent: (r, me) => r.requester === me.id && status(r) === 'pending',
  // "Admin/HR users see all tenant projects. Regular users see projects where they are owner..."
  my_projects: (r, me) => me.holds('ADMIN', 'HR') || r.owner === me.id,
  // "open tasks assigned to the current user ... via both legacy assignee field and multi-assignee relationships"
  my_tasks: (r, me) =>
    r.assignee === me.id ||
    (Array.isArray(r.taskAssignees) &&
      r.taskAssignees.some((id) => me.records.get('task_assignees', id as number)?.user === me.id)),
}

/** The test a record of the operation's list must pass for this caller, or undefined where nothing narrows it. */
export function ownTest(
  operationId: string,
  principal: Principal | undefined,
  records: Records,
): ((record: StoredRecord) => boolean) | undefined {
  const own = OWN[operationId]
  if (!own) return undefined
  const user = principal?.user
  // Another tenant's OTP JWT (no user here) owns nothing of this tenant.
  if (!user) return () => false
  const caller: Caller = { id: user.id, holds: (...domains) => hasPermission(user, domains), records }
  return (record) => own(record, caller)
}
