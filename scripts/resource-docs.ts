import { writeFileSync } from 'node:fs'
import { describeResources } from '../mocks/resources/engine/describe.ts'

// `npm run docs`: rewrites docs/resources.md from the resource definitions.
writeFileSync(new URL('../docs/resources.md', import.meta.url), describeResources())
