import { readFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import { extname, join, normalize } from 'node:path'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
}

export interface StaticServer {
  /** `http://localhost:<port>`: a secure context, so the service worker may register. */
  url: string
  close(): Promise<void>
}

async function load(dir: string, target: string): Promise<{ type: string; body: Buffer }> {
  // normalize() resolves "/../" against the root, so a request never leaves `dir`.
  const path = normalize(decodeURIComponent(new URL(target, 'http://localhost').pathname))
  const file = join(dir, path === '/' ? 'index.html' : path)
  try {
    return { type: TYPES[extname(file)] ?? 'application/octet-stream', body: await readFile(file) }
  } catch {
    // A single-page app: unknown paths such as /callback get index.html.
    return { type: TYPES['.html']!, body: await readFile(join(dir, 'index.html')) }
  }
}

/** Serves a built app's static files and nothing else: no API, no sandbox. */
export async function serveStatic(dir: string, port = 0): Promise<StaticServer> {
  const server = createServer((req, res) => {
    load(dir, req.url ?? '/').then(
      ({ type, body }) => res.writeHead(200, { 'Content-Type': type, 'Cache-Control': 'no-store' }).end(body),
      () => res.writeHead(404).end(),
    )
  })
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve))
  const address = server.address()
  return {
    url: `http://localhost:${typeof address === 'object' && address ? address.port : port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
