// The declarations resolve from the tarball: `tsc --noEmit` in the consumer project.
import { createNodeSandbox, type NodeSandbox } from 'orgo-sandbox/node'
import { createBrowserSandbox } from 'orgo-sandbox/browser'

export const node: Promise<NodeSandbox> = createNodeSandbox({ seed: 7 })
export const browser: typeof createBrowserSandbox = createBrowserSandbox
export type { SandboxFixtures } from 'orgo-sandbox/playwright'
