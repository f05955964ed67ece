// CommonJS: Node 20.19+ loads the ES module build from require().
const { createNodeSandbox } = require('orgo-sandbox/node')

createNodeSandbox().then(async ({ server, sandbox }) => {
  server.listen()
  const token = sandbox.state().apiTokens.find((t) => t.tenant === 'globex').token
  const res = await fetch('https://globex.orgo.space/api/v1/me', { headers: { 'Api-Token': token } })
  const me = await res.json()
  server.close()
  if (res.status !== 200 || me.email !== 'admin@globex.test') throw new Error(`cjs: ${res.status}`)
  console.log('cjs ok', me.email)
})
