import { snapshotState } from '../mocks/handlers/control.ts'
import { parseDuration } from '../mocks/clock.ts'
import { createRouteIndex } from '../mocks/route-index.ts'
import { createSandbox, type Sandbox } from '../mocks/sandbox.ts'
import { SCENARIOS } from '../scenarios/index.ts'
import type { ControlClient, FeedHandlers } from '../ui/control-client.ts'
import type { SseMessage } from '../ui/sse.ts'

/**
 * A ControlClient over an in-process sandbox, for the dashboard's component tests: real snapshots and real
 * feed events, plus `emit` for scripted messages, and every control call recorded in `calls`.
 */
export interface ScriptedClient {
  sandbox: Sandbox
  client: ControlClient
  calls: string[]
  emit(message: SseMessage): void
  /** Drops (false) or restores (true) the feed, as a restarting server would. */
  setConnected(up: boolean): void
}

const wire = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T

export async function createScriptedClient(seed = 7): Promise<ScriptedClient> {
  const sandbox = await createSandbox({ scenarioDefinitions: SCENARIOS, seed, port: 4010 })
  const calls: string[] = []
  let handlers: FeedHandlers | undefined
  const client: ControlClient = {
    baseUrl: 'http://127.0.0.1:4010',
    state: async () => wire(snapshotState(sandbox)),
    scenarios: async () => wire(sandbox.scenarios.list()),
    requests: async (limit) => wire(sandbox.feed.requests().slice(-(limit ?? Infinity))),
    // Through the sandbox's own route, as the wire would: the handler builds the listing.
    async endpoints() {
      const path = '/__sandbox/endpoints'
      const req = {
        ...{ method: 'GET', path, query: new URLSearchParams(), host: '127.0.0.1:4010', protocol: 'http' },
        clientAddress: '127.0.0.1',
        header: () => null,
        text: async () => '',
      }
      const response = await sandbox.dispatch(req, createRouteIndex(sandbox.routes)('GET', path))
      return JSON.parse(response.body as string)
    },
    async setScenario(name, on, settings) {
      calls.push(`${on ? 'on' : 'off'} ${name}${settings ? ` ${JSON.stringify(settings)}` : ''}`)
      if (on) await sandbox.scenarios.enable(name, settings, settings?.options)
      else await sandbox.scenarios.disable(name)
    },
    async reset() {
      calls.push('reset')
      await sandbox.reset()
    },
    async advanceClock(duration) {
      calls.push(`clock ${duration}`)
      sandbox.clock.advance(parseDuration(duration)!)
      sandbox.change('clock', null, `Clock advanced by ${duration}`, sandbox.clock.toJSON())
    },
    subscribe(h) {
      handlers = h
      h.onStatus?.(true)
      const off = sandbox.feed.subscribe((e) =>
        handlers?.onMessage({
          event: e.type,
          data: JSON.stringify(e.type === 'request' ? e.entry : e.change),
        }),
      )
      return () => {
        off()
        handlers = undefined
      }
    },
  }
  return {
    sandbox,
    client,
    calls,
    emit: (message) => handlers?.onMessage(message),
    setConnected: (up) => handlers?.onStatus?.(up),
  }
}
