import { Box, Text, useStdout, type Key } from 'ink'
import { useMemo, useRef, useState } from 'react'
import type { ControlClient } from './control-client.ts'
import { DetailView, detailOverflow } from './components/DetailView.tsx'
import { Header } from './components/Header.tsx'
import { HelpLine } from './components/HelpLine.tsx'
import { TabBar } from './components/TabBar.tsx'
import { Table } from './components/Table.tsx'
import { terminalSafe } from '../mocks/http/terminal-safe.ts'
import { formatActivation, formatClock, sandboxNow } from './format.ts'
import { CLOCK_STEPS, helpKeys } from './help-keys.ts'
import { useDashboardActions, type DemoRunner } from './hooks/useDashboardActions.ts'
import { useKeys } from './hooks/useKeys.ts'
import type { CopyEnv } from './clipboard.ts'
import { ScenarioPrompt } from './components/ScenarioPrompt.tsx'
import { draftHint } from './scenario-editor.ts'
import { useScenarioPrompt } from './hooks/useScenarioPrompt.ts'
import { useSandbox, type SandboxFeedOptions } from './hooks/useSandbox.ts'
import { useTerminalSize, type TerminalSize } from './hooks/useTerminalSize.ts'
import { currentPane, initialNav, navigate, viewport, type NavAction, type NavState } from './navigation.ts'
import { PANES, visibleRows, type PaneId, type Row } from './panes.ts'
import { endpointRows, hashRows, otpRows, outboxRows, requestRows, scenarioRows } from './rows.ts'
import { tokenRows } from './token-rows.ts'
import { API_LEGEND, EMPTY, tabCount } from './pane-texts.ts'
import { activityRows } from './activity-rows.ts'
import { webhookRows } from './webhook-rows.ts'

export interface AppProps {
  client: ControlClient
  info: { url: string; port: number; version: string; seed: number }
  onQuit(): void
  feed?: SandboxFeedOptions
  /** A fixed size instead of the terminal's (tests). */
  size?: TerminalSize
  /** The walk-through demos (`sandbox demo`), run against this sandbox: their requests land in the log. */
  demos?: DemoRunner
  /** What copies read of the environment (tests: no clipboard command, a temporary cache directory). */
  copyEnv?: CopyEnv
}

export type { DemoRunner }

// Header 3, notice 1, tabs 1, help 1; one line spare so Ink never takes the clear-the-screen path.
const CHROME_LINES = 7

export function App({ client, info, onQuit, feed, size: fixedSize, demos, copyEnv }: AppProps) {
  const terminal = useTerminalSize()
  const { write } = useStdout()
  const { columns: width, rows: lines } = fixedSize ?? terminal
  const body = Math.max(3, lines - CHROME_LINES)
  const [nav, setNav] = useState<NavState>(initialNav)
  // Keys that arrive in one chunk are handled before React re-renders: each must see the previous one's effect.
  const navRef = useRef(nav)
  const dispatch = (action: NavAction) => {
    navRef.current = navigate(navRef.current, action)
    setNav(navRef.current)
  }
  const followRequests = currentPane(nav) === 'requests' || hasTail(body)
  const followEndpoints = currentPane(nav) === 'endpoints'
  const live = useSandbox(client, { ...feed, followRequests, followEndpoints })
  const { notice, say, act, copy, startDemo, resend, toggle, switchOn } = useDashboardActions({
    client,
    refresh: live.refresh,
    write,
    demos,
    copyEnv,
  })
  const prompt = useScenarioPrompt({ say, switchOn })

  // 787 rows, rebuilt only when a fetch brings new counts, not on every frame.
  const acmeToken = live.state?.apiTokens.find((k) => k.tenant === 'acme' && !k.isReadOnly)?.token
  const endpoints = useMemo(
    () => endpointRows(live.endpoints, { port: info.port, token: acmeToken }),
    [live.endpoints, info.port, acmeToken],
  )
  const now = live.state ? sandboxNow(live.state.clock, live.now) : live.now
  const ctx = { port: info.port, now, jwts: live.jwts }
  const all: Record<PaneId, Row[]> = live.state
    ? {
        tokens: tokenRows(live.state, ctx),
        otp: otpRows(live.state, ctx),
        hashes: hashRows(live.state, ctx),
        outbox: outboxRows(live.state),
        requests: requestRows(live.requests),
        scenarios: scenarioRows(live.scenarios),
        endpoints,
        webhooks: webhookRows(live.deliveries, { url: info.url, now }),
        activity: activityRows(live.state.activity, info.url),
      }
    : {
        ...{
          tokens: [],
          otp: [],
          hashes: [],
          outbox: [],
          scenarios: [],
          endpoints: [],
          webhooks: [],
          activity: [],
        },
        requests: requestRows(live.requests),
      }
  const tenants = live.state?.tenants.map((t) => t.slug) ?? []
  // Ink re-attaches the key handler only after a frame is committed: it reads the latest rows from here.
  const screen = useRef({ all, body, tenants, width, scenarios: live.scenarios })
  screen.current = { all, body, tenants, width, scenarios: live.scenarios }
  const { id: paneId, rows, tail, page, view, selected } = layoutPane(nav, all, body)
  const pane = PANES[nav.pane]!

  const onKey = (input: string, key: Key) => {
    const nav = navRef.current
    const { all, body, tenants, width, scenarios } = screen.current
    const { rows, page, selected } = layoutPane(nav, all, body)
    const move = (delta: number) => dispatch({ type: 'move', delta, count: rows.length, page })
    if (key.ctrl && input === 'c') return onQuit()
    if (prompt.typing()) return prompt.key(input, key)
    if (input === 'q') return onQuit()
    if (nav.mode === 'confirm-reset') {
      dispatch({ type: 'mode', mode: 'browse' })
      if (input === 'y') act(() => client.reset(), 'Sandbox reset to the seeded state')
      else say('Reset cancelled')
      return
    }
    if (nav.mode === 'demo') {
      dispatch({ type: 'mode', mode: 'browse' })
      const name = demos?.names[Number(input) - 1]
      if (name) startDemo(name)
      return
    }
    if (nav.mode === 'clock') {
      dispatch({ type: 'mode', mode: 'browse' })
      const step = CLOCK_STEPS[input]
      if (step) act(() => client.advanceClock(step), `Clock advanced by ${step}`)
      return
    }
    if (key.upArrow || input === 'k') return move(-1)
    if (key.downArrow || input === 'j') return move(1)
    if (key.pageUp) return move(-page)
    if (key.pageDown) return move(page)
    if (key.home || input === 'g') return move(-rows.length)
    if (key.end || input === 'G') return move(rows.length)
    if (input === 'y') return copy(selected?.detail?.value, 'value')
    if (input === 'Y') return copy(selected?.detail?.usage.join('\n'), 'command')
    if (input === 's' && selected?.delivery) return resend(selected.delivery)
    if (nav.mode === 'detail' && input === ' ' && selected?.detail) {
      const max = detailOverflow(selected.detail, width, body)
      return dispatch({ type: 'scroll', by: Math.max(1, body - 3), max })
    }
    if (nav.mode === 'detail' && (key.escape || key.return || key.backspace || key.delete)) {
      return dispatch({ type: 'mode', mode: 'browse' })
    }
    if (key.tab && key.shift) return dispatch({ type: 'pane', delta: -1 })
    if (key.rightArrow || key.tab || input === 'l') return dispatch({ type: 'pane', delta: 1 })
    if (key.leftArrow || input === 'h') return dispatch({ type: 'pane', delta: -1 })
    if (/^[1-9]$/.test(input)) return dispatch({ type: 'pane-to', index: Number(input) - 1 })
    if (input === ' ' || key.return) {
      if (selected?.scenario) return toggle(selected)
      if (key.return && selected?.detail) return dispatch({ type: 'mode', mode: 'detail' })
      return
    }
    if (input === 'o' && selected?.scenario) {
      const info = scenarios.find((x) => x.name === selected.scenario!.name)
      if (!info) return
      return prompt.open(info)
    }
    if (input === 't') return dispatch({ type: 'tenant', tenants })
    if (input === 'c') return dispatch({ type: 'mode', mode: 'clock' })
    if (input === 'r') return dispatch({ type: 'mode', mode: 'confirm-reset' })
    if (input === 'd' && demos) return dispatch({ type: 'mode', mode: 'demo' })
  }
  useKeys(onKey)
  const prompted = prompt.draft && live.scenarios.find((x) => x.name === prompt.draft!.name)
  const promptHint = prompted ? draftHint(prompted) : undefined

  const recent = notice && live.now - notice.at < 5000 ? notice : null
  const change = live.lastChange
  const tabs = PANES.map((p) => ({
    title: p.title,
    count: tabCount(p.id, visibleRows(all[p.id], nav.tenant)),
  }))

  return (
    <Box flexDirection="column" width={width} height={lines - 1}>
      <Header
        url={info.url}
        port={info.port}
        version={info.version}
        seed={info.seed}
        tenants={live.state?.tenants ?? []}
        clock={live.state ? formatClock(live.state.clock, live.now) : '-'}
        scenarios={live.scenarios.flatMap((s) => (s.active ? [formatActivation(s.active)] : []))}
        reqPerSec={live.reqPerSec}
        connected={live.connected}
        tenantFilter={nav.tenant}
        width={width}
      />
      {prompt.draft ? (
        <ScenarioPrompt draft={prompt.draft} width={width} />
      ) : recent ? (
        <Text wrap="truncate" color={recent.color}>
          {terminalSafe(recent.text, { oneLine: true })}
        </Text>
      ) : live.error ? (
        <Text wrap="truncate" color="red">
          {terminalSafe(live.error, { oneLine: true })}
        </Text>
      ) : paneId === 'endpoints' ? (
        // What the pane's counts mean (issue 27): the tab's full/all, the calls column, the emulation column.
        <Text wrap="truncate" color="gray">
          {API_LEGEND}
        </Text>
      ) : (
        <Text wrap="truncate" color="yellow">
          {change
            ? // A summary quotes names and titles as a request sent them (M1).
              terminalSafe(`${change.time.slice(11, 19)} ${change.tenant ?? '-'} * ${change.summary}`, {
                oneLine: true,
              })
            : 'Select a row and press ⏎ for its full value and a curl command to try it.'}
        </Text>
      )}
      <TabBar tabs={tabs} active={nav.pane} width={width} />
      {!live.state ? (
        <Box height={body}>
          <Text dimColor>Connecting to {info.url}/__sandbox …</Text>
        </Box>
      ) : nav.mode === 'detail' && selected?.detail ? (
        <DetailView detail={selected.detail} width={width} height={body} scroll={nav.scroll} />
      ) : (
        <Box flexDirection="column" height={body}>
          <Table
            columns={pane.columns}
            rows={rows}
            width={width}
            height={page}
            offset={view.offset}
            selected={view.selected}
            empty={EMPTY[paneId]}
          />
          {tail > 0 && (
            <Table
              columns={PANES.find((p) => p.id === 'requests')!.columns}
              rows={visibleRows(all.requests, nav.tenant)}
              width={width}
              height={tail - 1}
              offset={0}
              selected={-1}
              empty={EMPTY.requests}
            />
          )}
        </Box>
      )}
      <HelpLine
        keys={helpKeys({
          mode: prompt.draft ? 'scenario-edit' : nav.mode,
          pane: paneId,
          demos: demos?.names ?? [],
          more:
            nav.mode === 'detail' && !!selected?.detail && detailOverflow(selected.detail, width, body) > 0,
          prompt: promptHint,
        })}
      />
    </Box>
  )
}

/** A tall terminal keeps a live request tail under any other pane. */
function hasTail(body: number): boolean {
  return body >= 28
}

function layoutPane(nav: NavState, all: Record<PaneId, Row[]>, body: number) {
  const id = currentPane(nav)
  const rows = visibleRows(all[id], nav.tenant)
  const tail = id !== 'requests' && hasTail(body) ? Math.floor(body / 3) : 0
  const page = body - 1 - tail
  const view = viewport(nav.selected[id], nav.offset[id], rows.length, page)
  return { id, rows, tail, page, view, selected: rows[view.selected] }
}
