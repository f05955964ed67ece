import { parseDuration, type ClockState } from '../clock.ts'
import type { SandboxCore } from '../core.ts'
import { JSON_TYPES, readJsonObject } from '../http/body.ts'
import { badRequest } from '../http/errors.ts'
import { json } from '../http/respond.ts'
import { unknownKeyMessage } from '../http/validate.ts'
import { controlRoute } from './control-route.ts'
import type { Route } from './route.ts'

const USAGE =
  'Send {"advance": "10m"}, {"set": "2026-01-05T09:00:00Z"}, {"freeze": true} or {"real": true} (back to real time).'
const KEYS = ['advance', 'set', 'freeze', 'real']
// An ISO 8601 date-time with a zone, so "set" never depends on the machine's time zone.
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:?\d{2})$/i
// Dates outside these years cannot be printed as ISO strings or carried in a JWT.
const EARLIEST = Date.parse('1970-01-01T00:00:00Z')
const LATEST = Date.parse('9999-12-31T23:59:59Z')

/** ISO shape and a real calendar day: Date.parse would roll 30 February over into March. */
function isIsoDateTime(text: string): boolean {
  if (!ISO_DATE_TIME.test(text)) return false
  const [year, month, day] = text.slice(0, 10).split('-').map(Number) as [number, number, number]
  return new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12
}

/** A client's value in an error message, cut short: the message must not echo a megabyte back. */
function show(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value)
  return text.length > 60 ? `${text.slice(0, 57)}...` : text
}

/**
 * SPEC 10: `POST /__sandbox/clock` moves the one clock every expiry reads (JWT exp, OTP life, Api-Token
 * expiresAt, rate-limit windows). Keys combine as set, then advance, then freeze or run on from there; `real`
 * alone undoes them all; the answer is the clock.
 */
export function moveClock(core: SandboxCore, body: Record<string, unknown>): ClockState {
  const unknown = unknownKeyMessage(Object.keys(body), KEYS, 'the body of POST /__sandbox/clock')
  if (unknown !== undefined) badRequest(`${unknown} ${USAGE}`)
  if (!Object.keys(body).length) badRequest(`Nothing to do. ${USAGE}`)
  const { advance, set, freeze, real } = body
  if (real !== undefined) {
    if (real !== true) badRequest(`"real" takes only true (back to real time); got ${show(real)}.`)
    // Real time is one state, not a move: combined with another key the order would be a guess.
    if (Object.keys(body).length > 1)
      badRequest('"real" goes alone: it drops every offset and freeze. Move the clock in a second request.')
    core.clock.reset()
    const state = core.clock.toJSON()
    core.change('clock', null, `Clock back to real time: now ${state.now}`, state)
    return state
  }
  let advanceMs: number | undefined
  if (advance !== undefined) {
    advanceMs = typeof advance === 'string' ? parseDuration(advance) : undefined
    if (advanceMs === undefined) {
      badRequest(
        `"advance" must be a duration such as "90s", "10m", "1h30m", "11d" or "-5m"; got ${show(advance)}.`,
      )
    }
  }
  let setMs: number | undefined
  if (set !== undefined) {
    setMs = typeof set === 'string' && isIsoDateTime(set) ? Date.parse(set) : Number.NaN
    if (Number.isNaN(setMs)) {
      badRequest(
        `"set" must be an ISO 8601 date-time with a zone such as "2026-01-05T09:00:00Z"; got ${show(set)}.`,
      )
    }
  }
  if (freeze !== undefined && typeof freeze !== 'boolean') {
    badRequest(`"freeze" must be true or false; got ${show(freeze)}.`)
  }
  const { clock } = core
  const target = (setMs ?? clock.now()) + (advanceMs ?? 0)
  if (!(target >= EARLIEST && target <= LATEST))
    badRequest('The clock must stay between the years 1970 and 9999.')
  // Every value is checked before any moves the clock: a bad request changes nothing. The freeze goes first, so
  // a clock set and frozen stops at exactly the time set: frozen last, it kept the millisecond the set took.
  if (freeze === true) clock.freeze()
  if (freeze === false) clock.unfreeze()
  if (setMs !== undefined) clock.set(setMs)
  if (advanceMs !== undefined) clock.advance(advanceMs)
  const state = clock.toJSON()
  const moves = [
    set !== undefined && `set to ${state.now}`,
    advance !== undefined && `advanced by ${String(advance)}`,
    freeze !== undefined && (freeze ? 'frozen' : 'running'),
  ].filter(Boolean)
  core.change('clock', null, `Clock ${moves.join(', ')}: now ${state.now}`, state)
  return state
}

export const clockRoutes: Route[] = [
  controlRoute.get('/__sandbox/clock', (ctx) => json(ctx.core.clock.toJSON())),
  controlRoute.post('/__sandbox/clock', async (ctx) =>
    json(moveClock(ctx.core, await readJsonObject(ctx.req, JSON_TYPES))),
  ),
]
