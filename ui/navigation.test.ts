import { describe, expect, it } from 'vitest'
import { initialNav, navigate, viewport } from './navigation.ts'
import { PANES } from './panes.ts'

describe('viewport', () => {
  it.each([
    // selected, offset, count, page -> selected, offset
    [0, 0, 0, 5, 0, 0],
    [7, 0, 20, 5, 7, 3],
    [3, 3, 20, 5, 3, 3],
    [2, 3, 20, 5, 2, 2],
    [50, 0, 20, 5, 19, 15],
    [4, 10, 6, 5, 4, 1],
  ])('selected %i offset %i of %i rows, page %i -> %i, %i', (s, o, count, page, selected, offset) => {
    expect(viewport(s, o, count, page)).toEqual({ selected, offset })
  })
})

describe('navigate', () => {
  it('wraps panes both ways and leaves the detail view when switching', () => {
    const detail = navigate(initialNav, { type: 'mode', mode: 'detail' })
    expect(navigate(detail, { type: 'pane', delta: -1 })).toMatchObject({
      pane: PANES.length - 1,
      mode: 'browse',
    })
    expect(navigate(initialNav, { type: 'pane-to', index: 4 }).pane).toBe(4)
    expect(navigate(initialNav, { type: 'pane-to', index: 9 }).pane).toBe(0)
  })

  it('moves the selection within the pane and scrolls it into view', () => {
    let nav = initialNav
    for (let i = 0; i < 12; i++) nav = navigate(nav, { type: 'move', delta: 1, count: 10, page: 4 })
    expect([nav.selected.tokens, nav.offset.tokens]).toEqual([9, 6])
    nav = navigate(nav, { type: 'move', delta: -8, count: 10, page: 4 })
    expect([nav.selected.tokens, nav.offset.tokens]).toEqual([1, 1])
    expect(nav.selected.otp).toBe(0)
  })

  it('cycles the tenant filter: all, each tenant, all', () => {
    const tenants = ['acme', 'globex']
    const seen = [initialNav]
    for (let i = 0; i < 3; i++) seen.push(navigate(seen.at(-1)!, { type: 'tenant', tenants }))
    expect(seen.map((n) => n.tenant)).toEqual([null, 'acme', 'globex', null])
  })

  it('pages through a long detail and back to its top; any other move starts it at the top', () => {
    let nav = navigate(initialNav, { type: 'mode', mode: 'detail' })
    const seen: number[] = []
    for (let i = 0; i < 4; i++) seen.push((nav = navigate(nav, { type: 'scroll', by: 5, max: 12 })).scroll)
    expect(seen).toEqual([5, 10, 12, 0])
    nav = navigate(nav, { type: 'scroll', by: 5, max: 12 })
    expect(navigate(nav, { type: 'move', delta: 1, count: 3, page: 5 }).scroll).toBe(0)
    expect(navigate(nav, { type: 'mode', mode: 'browse' }).scroll).toBe(0)
  })
})
