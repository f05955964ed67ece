import { OAuthLoginError } from './orgo-oauth.ts'

/**
 * Runs Orgo's sign-in and consent pages inside the app: fetch a page, show it in a script-less iframe, send its
 * form back with fetch, and stop when a response lands on the redirect URI (fetch follows the 302 there, so
 * `response.url` holds `?code&state`). Used with orgo-sandbox/browser because a service worker never sees
 * navigations; against a real server the app navigates to the authorize URL instead (README).
 */
export async function runLoginDialog(
  authorizeUrl: string,
  redirectUri: string,
  ui: { dialog: HTMLDialogElement; frame: HTMLIFrameElement; cancel: HTMLButtonElement },
): Promise<URL> {
  const cancelled = new Promise<never>((_, reject) => {
    const stop = () => reject(new OAuthLoginError('access_denied', 'You closed the Orgo sign-in.'))
    ui.cancel.addEventListener('click', stop, { once: true })
    ui.dialog.addEventListener('cancel', stop, { once: true })
  })
  ui.dialog.showModal()
  try {
    let res = await fetch(authorizeUrl)
    for (;;) {
      const landed = new URL(res.url)
      if (landed.origin + landed.pathname === redirectUri) return landed
      const page = await show(ui.frame, await res.text(), res.url)
      const form = await Promise.race([nextSubmit(page), cancelled])
      res = await fetch(form.action, { method: 'POST', body: form.body })
    }
  } finally {
    ui.dialog.close()
  }
}

async function show(frame: HTMLIFrameElement, html: string, url: string): Promise<Document> {
  const loaded = new Promise((resolve) => frame.addEventListener('load', resolve, { once: true }))
  // The page's relative form actions resolve against its own URL, as they would in a tab.
  frame.srcdoc = html.replace(/<head>/i, `<head><base href="${url.replace(/"/g, '&quot;')}">`)
  await loaded
  return frame.contentDocument!
}

/** The next form the user submits, with the clicked button's name=value (Allow/Deny, a one-click user). */
function nextSubmit(page: Document): Promise<{ action: string; body: URLSearchParams }> {
  return new Promise((resolve) => {
    page.addEventListener(
      'submit',
      (event) => {
        // Never let the frame navigate: the service worker could not answer it.
        event.preventDefault()
        const form = event.target as HTMLFormElement
        const body = new URLSearchParams()
        for (const [name, value] of new FormData(form, (event as SubmitEvent).submitter)) {
          if (typeof value === 'string') body.append(name, value)
        }
        resolve({ action: form.action, body })
      },
      { once: true },
    )
  })
}
