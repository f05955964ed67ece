#!/usr/bin/env node
// The CLI is TypeScript run by tsx (no build step): register tsx's ESM loader, then load cli.ts.
import { register } from 'tsx/esm/api'

register()
await import('../cli.ts')
