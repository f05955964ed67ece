// `node --import orgo-sandbox/localhost-dns dns.mjs`: a Node client reaches every tenant at <slug>.localhost.
const port = globalThis.process.argv[2]
const res = await fetch(`http://globex.localhost:${port}/api/v1/tenant-host/globex`)
const body = await res.json()
if (res.status !== 200 || body.slug !== 'globex')
  throw new Error(`dns: ${res.status} ${JSON.stringify(body)}`)
console.log('localhost-dns ok', body.host)
