// A plain Node ESM script: the README's "in a Node script" snippet.
import { createNodeSandbox } from 'orgo-sandbox/node'

const { server, sandbox } = await createNodeSandbox()
server.listen()
const token = sandbox.state().apiTokens[0].token
const res = await fetch('https://acme.orgo.space/api/v1/me', { headers: { 'Api-Token': token } })
const me = await res.json()
server.close()
if (res.status !== 200 || me.email !== 'admin@acme.test')
  throw new Error(`esm: ${res.status} ${JSON.stringify(me)}`)
console.log('esm ok', me.email, me.tenant.slug)
