import type { Group } from '../db/schema.ts'
import { absent, computed, flag, ref, text, when } from './fields.ts'
import { ownerOr, signedIn } from './rules.ts'
import { SPEC_FIELDS } from './spec-fields.generated.ts'
import type { FieldDef, ResourceDef } from './types.ts'

// Groups: `/api/v1/groups/{id}` (~2,760,000), `Group-group_read`; `/api/v1/my-groups` (~2,790,500) lists the
// caller's. Membership lives in Orgo's user_roles, not on the group: it is kept here but never serialized.

const FLAGS = [
  ...['hasPriority', 'hasDueDate', 'hasTypes', 'hasStatus', 'hasEvents', 'hasDiscussion', 'hasFiles'],
  ...['isJoinable', 'onlyAdminsCanPost', 'onlyAdminsCanCreateEvents', 'onlyAdminsCanUploadFiles'],
  ...['onlyAdminsCanAddMembers', 'includesAllMembers', 'isProject', 'isRoleGroup'],
]

const SPEC = SPEC_FIELDS.groups!

export const groups: ResourceDef<Group> = {
  path: 'groups',
  type: 'Group',
  key: 'id',
  specOffset: 2_760_000,
  fields: {
    ...Object.fromEntries(FLAGS.map((name) => [name, flag as FieldDef])),
    name: { type: 'string', required: true, notNull: true },
    description: { type: 'string', maxLength: 5000 },
    status: text,
    emoji: text,
    owner: ref('users', ['id']),
    category: { type: 'ref', ref: 'group_categories', embed: ['id', 'name'] },
    unitType: { type: 'ref', ref: 'unit_types', embed: ['id', 'name'] },
    dateCreated: when,
    dateEnded: when,
    userType: absent,
    activeMemberCount: computed<Group>((g) => g.memberIds.length, 0),
  },
  groups: { collection: SPEC.collection!, item: SPEC.item! },
  writable: SPEC.create!,
  pageSize: 30,
  filters: {
    status: 'exact',
    isJoinable: 'boolean',
    isRoleGroup: 'boolean',
    parent: 'exact',
    localCenter: 'exact',
    unitType: 'exact',
  },
  exists: ['isRoleGroup', 'localCenter', 'unitType', 'parent'],
  order: ['name', 'parent.name', 'userType.position'],
  operations: {
    list: signedIn,
    read: signedIn,
    // "Tenant settings control who can create groups (ROLE_USER or higher)".
    create: signedIn,
    update: ownerOr('ADMIN'),
    delete: ownerOr('ADMIN'),
  },
  actions: [
    {
      method: 'GET',
      path: '/api/v1/my-groups',
      who: 'signed-in user',
      does: "the caller's groups, with the groups filters",
    },
  ],
  internal: { memberIds: 'ref[]' },
  create: (v, w) => {
    const owner = w.principal.user?.id ?? null
    return {
      ...blankGroup(w.nowIso),
      ...(v as Partial<Group>),
      id: w.nextId('groups'),
      tenant: w.tenant.slug,
      name: v.name as string,
      owner,
      // The creator is the group's first member.
      memberIds: owner === null ? [] : [owner],
    }
  },
  async seed(s) {
    const users = s.table('users')!.all()
    const admin = users[0]?.id ?? null
    await s.insert<Group>('groups', {
      ...blankGroup(s.at(-300)),
      name: 'Board',
      description: 'The board of directors.',
      owner: admin,
      memberIds: admin === null ? [] : [admin],
    })
    await s.insert<Group>('groups', {
      ...blankGroup(s.at(-250)),
      name: 'Volunteers',
      description: 'Everyone who helps out at events.',
      isJoinable: true,
      hasEvents: true,
      owner: admin,
      memberIds: users.slice(1, 6).map((u) => u.id),
    })
  },
}

export function blankGroup(
  dateCreated: string,
): Omit<Group, 'id' | 'tenant' | 'name' | 'owner' | 'memberIds'> {
  return {
    description: null,
    status: 'ACTIVE',
    isJoinable: false,
    isProject: false,
    includesAllMembers: false,
    hasPriority: false,
    hasDueDate: false,
    hasTypes: false,
    hasStatus: false,
    hasEvents: false,
    hasDiscussion: false,
    hasFiles: false,
    onlyAdminsCanPost: false,
    onlyAdminsCanCreateEvents: false,
    onlyAdminsCanUploadFiles: false,
    onlyAdminsCanAddMembers: false,
    emoji: null,
    dateCreated,
    dateEnded: null,
  }
}
