// Renders CSF stories of Me.stories.ts with .storybook/preview.ts in the order of Storybook's preview
// (StoryRender: loaders, then beforeEach of project, meta and story, then render), so the recipe runs as it would
// in Storybook without its toolchain (docs/decisions/012). `?story=Name` renders one on load; `renderStory(name)`
// renders the next in the same page, as Storybook switches stories without a page load.
import preview from './.storybook/preview.ts'
import meta, * as stories from './Me.stories.ts'

type Hook = (context: unknown) => unknown
interface Annotations {
  loaders?: Hook[]
  beforeEach?: Hook
  parameters?: Record<string, unknown>
  render?: (args: Record<string, unknown>, context: unknown) => HTMLElement
}

declare global {
  interface Window {
    renderStory(name: string): Promise<void>
  }
}

const root = document.getElementById('storybook-root')!

async function renderStory(name: string): Promise<void> {
  const story = (stories as unknown as Record<string, Annotations>)[name]
  if (!story || name === 'default') throw new Error(`No story "${name}"`)
  const layers: Annotations[] = [preview, meta, story]
  const context = {
    id: `orgo-me-card--${name.toLowerCase()}`,
    name,
    title: meta.title,
    args: {},
    globals: {},
    parameters: Object.assign({}, ...layers.map((l) => l.parameters ?? {})) as Record<string, unknown>,
    loaded: {} as Record<string, unknown>,
    canvasElement: root,
  }
  const loaded = await Promise.all(layers.flatMap((l) => l.loaders ?? []).map((loader) => loader(context)))
  Object.assign(context.loaded, ...loaded)
  for (const layer of layers) await layer.beforeEach?.(context)
  const render = layers.map((l) => l.render).findLast(Boolean)!
  root.replaceChildren(render(context.args, context))
  document.body.dataset.story = name
}

window.renderStory = renderStory
await renderStory(new URLSearchParams(location.search).get('story') ?? 'SignedIn')
