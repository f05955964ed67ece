import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/** Debian's Chromium: browser tests never download a browser of their own. */
export const CHROMIUM = '/usr/bin/chromium'

/**
 * Headless Chromium as this machine needs it: no sandbox as root, and no background networking (the network is
 * closed, and Chromium would otherwise keep trying). A missing browser is a failure, never a silent skip.
 */
export function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`)
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  })
}
