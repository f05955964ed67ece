import { open, readFile } from 'node:fs/promises'
import type { SigningKeyStore } from './signing-key-store.ts'

/**
 * `--db FILE` keeps its JWT signing key in `FILE.signing-key.json` (a private RFC 7517 JWK, mode 0600), so the
 * sessions saved in the file keep their JWTs across restarts; a file without it gets a new key, which refuses
 * every JWT signed before (findings-3 N10). Delete it to refuse every JWT issued so far.
 */
export function signingKeyBeside(dbFile: string): SigningKeyStore {
  const path = `${dbFile}.signing-key.json`
  return {
    async read() {
      let text: string
      try {
        text = await readFile(path, 'utf8')
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
        throw error
      }
      const jwk = JSON.parse(text) as JsonWebKey
      if (jwk.kty !== 'RSA' || typeof jwk.d !== 'string')
        throw new Error(`${path} is not an RSA private key (JWK); delete it to have a new one made.`)
      return jwk
    },
    async write(jwk) {
      // `wx`: of two processes starting on one file, the second keeps the first one's key.
      const handle = await open(path, 'wx', 0o600).catch(async (error: NodeJS.ErrnoException) => {
        if (error.code !== 'EEXIST') throw error
        return undefined
      })
      if (!handle) return
      try {
        await handle.writeFile(`${JSON.stringify(jwk)}\n`, 'utf8')
        await handle.sync()
      } finally {
        await handle.close()
      }
    },
  }
}
