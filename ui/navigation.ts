import { PANES, type PaneId } from './panes.ts'

/** What the keyboard is doing: browsing a pane, reading a row's detail, or answering a prompt. */
export type Mode = 'browse' | 'detail' | 'confirm-reset' | 'clock' | 'demo'

export interface NavState {
  pane: number
  mode: Mode
  /** Tenant filter; null shows every tenant. */
  tenant: string | null
  selected: Record<PaneId, number>
  offset: Record<PaneId, number>
  /** Lines of the open detail scrolled past; any other move starts it at the top again. */
  scroll: number
}

export type NavAction =
  | { type: 'pane'; delta: number }
  | { type: 'pane-to'; index: number }
  | { type: 'move'; delta: number; count: number; page: number }
  | { type: 'tenant'; tenants: readonly string[] }
  | { type: 'mode'; mode: Mode }
  /** Down by `by` lines, at most to `max`; from `max`, back to the top (one key pages through, as in less). */
  | { type: 'scroll'; by: number; max: number }

const perPane = (value: number) =>
  Object.fromEntries(PANES.map((p) => [p.id, value])) as Record<PaneId, number>

export const initialNav: NavState = {
  pane: 0,
  mode: 'browse',
  tenant: null,
  selected: perPane(0),
  offset: perPane(0),
  scroll: 0,
}

/** Selection and scroll offset for a list of `count` rows shown `page` at a time: the selection stays in view. */
export function viewport(
  selected: number,
  offset: number,
  count: number,
  page: number,
): { selected: number; offset: number } {
  const s = Math.max(0, Math.min(selected, count - 1))
  let o = Math.max(0, Math.min(offset, count - page))
  if (s < o) o = s
  if (s >= o + page) o = s - page + 1
  return { selected: s, offset: Math.max(0, o) }
}

export function currentPane(nav: NavState): PaneId {
  return PANES[nav.pane]!.id
}

export function navigate(current: NavState, action: NavAction): NavState {
  const nav = action.type === 'scroll' ? current : { ...current, scroll: 0 }
  switch (action.type) {
    case 'scroll':
      return { ...nav, scroll: nav.scroll >= action.max ? 0 : Math.min(nav.scroll + action.by, action.max) }
    case 'pane':
      return { ...nav, pane: (nav.pane + action.delta + PANES.length) % PANES.length, mode: 'browse' }
    case 'pane-to':
      return action.index >= 0 && action.index < PANES.length
        ? { ...nav, pane: action.index, mode: 'browse' }
        : nav
    case 'move': {
      const id = currentPane(nav)
      const at = viewport(nav.selected[id], nav.offset[id], action.count, action.page)
      const next = viewport(at.selected + action.delta, at.offset, action.count, action.page)
      return {
        ...nav,
        selected: { ...nav.selected, [id]: next.selected },
        offset: { ...nav.offset, [id]: next.offset },
      }
    }
    case 'tenant': {
      // all -> first tenant -> ... -> last tenant -> all
      const i = nav.tenant === null ? -1 : action.tenants.indexOf(nav.tenant)
      const tenant = i + 1 < action.tenants.length ? action.tenants[i + 1]! : null
      return { ...nav, tenant, selected: perPane(0), offset: perPane(0) }
    }
    case 'mode':
      return { ...nav, mode: action.mode }
  }
}
