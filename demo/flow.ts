import type { Demo } from './demo.ts'

export interface DemoFlow {
  name: string
  title: string
  /** One line for the menu. */
  summary: string
  steps: number
  run(demo: Demo): Promise<void>
}
