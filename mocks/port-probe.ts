import { request } from 'node:http'

// Who holds a port: a sandbox (its pid, from `GET /__sandbox/health`'s `X-Sandbox-Pid`), nothing, or another
// program, so `sandbox demo` can use a running sandbox and the CLI can say who holds the port it wanted.

/** What answers on the port: a sandbox, nothing, or another program (described for the one-line refusal). */
export type Probe =
  { kind: 'sandbox'; pid: number | null } | { kind: 'free' } | { kind: 'other'; what: string }

/** A sandbox answers `GET /__sandbox/health` with exactly `{"ok":true}` as JSON; a dev server's 200 is no sandbox. */
export function probe(port: number): Promise<Probe> {
  return new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path: '/__sandbox/health', timeout: 1000 }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (chunk: string) => {
        // A health answer is a dozen bytes: past a few hundred this is some other program's page.
        if (body.length < 512) body += chunk
      })
      res.on('end', () => {
        const type = String(res.headers['content-type'] ?? 'no content type').split(';')[0]
        let ours = false
        try {
          ours = type === 'application/json' && JSON.stringify(JSON.parse(body)) === '{"ok":true}'
        } catch {
          ours = false
        }
        resolve(
          res.statusCode === 200 && ours
            ? { kind: 'sandbox', pid: Number(res.headers['x-sandbox-pid']) || null }
            : { kind: 'other', what: `GET /__sandbox/health answered ${res.statusCode} ${type}` },
        )
      })
      res.on('error', () => resolve({ kind: 'other', what: 'the answer to GET /__sandbox/health broke off' }))
    })
    req.on('error', (error: NodeJS.ErrnoException) =>
      resolve(
        error.code === 'ECONNREFUSED'
          ? { kind: 'free' }
          : { kind: 'other', what: `it does not speak HTTP (${error.code ?? error.message})` },
      ),
    )
    req.on('timeout', () => {
      req.destroy()
      resolve({ kind: 'other', what: 'it accepts connections but did not answer HTTP within a second' })
    })
    req.end()
  })
}

/** Why the CLI cannot listen on a port held by something: another sandbox (with its pid), or another program. */
export async function portHeld(port: number): Promise<string> {
  const found = await probe(port)
  if (found.kind === 'sandbox')
    return found.pid === null
      ? `port ${port} is held by another orgo-sandbox: stop it, or pick another port with --port`
      : `port ${port} is held by another orgo-sandbox (pid ${found.pid}): stop it (kill ${found.pid}), or pick another port with --port`
  if (found.kind === 'other')
    return `port ${port} is held by another program (${found.what}): stop it, or pick another port with --port`
  return `port ${port} is in use: pick another with --port`
}
