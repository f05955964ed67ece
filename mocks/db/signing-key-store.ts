/** Where the JWT signing key outlives the process: beside a `--db` file (signing-key-file.ts); none in memory. */
export interface SigningKeyStore {
  read(): Promise<JsonWebKey | undefined>
  write(privateJwk: JsonWebKey): Promise<void>
}
