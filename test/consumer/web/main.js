// A page that imports orgo-sandbox/browser, built by Vite (the browser export condition).
import { createBrowserSandbox } from 'orgo-sandbox/browser'

window.sandboxReady = createBrowserSandbox()
