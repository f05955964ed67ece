import { createOrgoApi, OrgoApiError } from './orgo-api.ts'
import { beginLogin, finishLogin, type OAuthClient, type PendingLogin } from './orgo-oauth.ts'

/** Set by the bundler (build.ts): true bundles orgo-sandbox/browser, false drops it from the build. */
declare const ORGO_SANDBOX: boolean
/** Set by the bundler: the tenant's host, `https://acme.orgo.space` (or `http://acme.localhost:4010`, `npx sandbox`). */
declare const ORGO_ISSUER: string

const ISSUER = ORGO_ISSUER
/** Where the PKCE verifier and state wait while the browser is away at Orgo's pages (this tab only). */
const PENDING_KEY = 'orgo-login'
const CLIENT: OAuthClient = {
  issuer: ISSUER,
  clientId: 'example-web-app',
  redirectUri: `${location.origin}/callback`,
  scope: 'profile email roles',
}

const api = createOrgoApi(ISSUER)
const $ = <T extends HTMLElement>(id: string) => document.getElementById(id) as T
let token: string | null = null

function message(error: unknown): string {
  if (error instanceof OrgoApiError) return `${error.detail} (${error.status})`
  return error instanceof Error ? error.message : String(error)
}

function showError(id: string, error: unknown | null): void {
  const el = $(id)
  el.hidden = error === null
  el.textContent = error === null ? '' : message(error)
}

async function signedIn(newToken: string, via: string): Promise<void> {
  token = newToken
  const me = await api.me(token)
  $('who').textContent = `Signed in as ${me.fullName} (${me.email}) via ${via}`
  $('me').textContent = JSON.stringify(me, null, 2)
  $('signed-out').hidden = true
  $('signed-in').hidden = false
  showError('error', null)
  await loadContacts()
}

async function loadContacts(): Promise<void> {
  const list = $('contacts')
  try {
    const contacts = await api.contacts(token!)
    list.replaceChildren(
      ...contacts.map((c) =>
        Object.assign(document.createElement('li'), {
          textContent: c.email ? `${c.name ?? 'No name'} <${c.email}>` : (c.name ?? `Contact #${c.id}`),
        }),
      ),
    )
    showError('contacts-error', null)
  } catch (error) {
    list.replaceChildren()
    showError('contacts-error', error)
    // A dead session cannot be repaired here: back to the sign-in forms.
    if (error instanceof OrgoApiError && error.status === 401) signOut(error)
  }
}

function signOut(reason: unknown | null = null): void {
  token = null
  $('signed-in').hidden = true
  $('signed-out').hidden = false
  showError('error', reason)
}

/** Runs a user action; its failure is shown, never thrown into the console only. */
function handle(action: () => Promise<void>) {
  return (event: Event) => {
    event.preventDefault()
    action().catch((error: unknown) => showError('error', error))
  }
}

const field = (form: HTMLFormElement, name: string) => String(new FormData(form).get(name) ?? '')
const passwordForm = $<HTMLFormElement>('password-form')
const otpRequestForm = $<HTMLFormElement>('otp-request-form')
const otpVerifyForm = $<HTMLFormElement>('otp-verify-form')

passwordForm.addEventListener(
  'submit',
  handle(async () => {
    const { token } = await api.login(field(passwordForm, 'email'), field(passwordForm, 'password'))
    await signedIn(token, 'password')
  }),
)
otpRequestForm.addEventListener(
  'submit',
  handle(async () => {
    await api.requestOtp(field(otpRequestForm, 'email'))
    otpVerifyForm.hidden = false
    $('status').textContent = `A code was sent to ${field(otpRequestForm, 'email')}.`
  }),
)
otpVerifyForm.addEventListener(
  'submit',
  handle(async () => {
    const { token } = await api.verifyOtp(field(otpRequestForm, 'email'), field(otpVerifyForm, 'otp'))
    otpVerifyForm.hidden = true
    await signedIn(token, 'one-time code')
  }),
)
$('orgo-login').addEventListener(
  'click',
  handle(async () => {
    const pending = await beginLogin(CLIENT)
    sessionStorage.setItem(PENDING_KEY, JSON.stringify(pending))
    // A real navigation: Orgo's sign-in and consent pages, then Orgo's 302 back to /callback.
    location.assign(pending.authorizeUrl)
  }),
)
$('reload').addEventListener('click', handle(loadContacts))
$('sign-out').addEventListener('click', () => signOut())

/** `/callback?code&state` (or `?error`): redeem the code with the verifier this tab kept, then leave the URL. */
async function completeLogin(): Promise<void> {
  const saved = sessionStorage.getItem(PENDING_KEY)
  sessionStorage.removeItem(PENDING_KEY)
  const callback = new URL(location.href)
  history.replaceState(null, '', '/')
  if (saved === null) throw new Error('No "Log in with Orgo" was started in this tab: start again.')
  const tokens = await finishLogin(CLIENT, JSON.parse(saved) as PendingLogin, callback)
  await signedIn(tokens.access_token, 'Log in with Orgo')
}

if (ORGO_SANDBOX) {
  const { startSandbox } = await import('./sandbox.ts')
  await startSandbox()
  // A service worker never sees navigations, so Orgo's pages cannot load from it (README: three ways to run).
  $<HTMLButtonElement>('orgo-login').disabled = true
  Object.assign($('orgo-login-note'), {
    hidden: false,
    textContent:
      'Needs real navigations: run the app against npx orgo-sandbox, or test it with orgo-sandbox/playwright.',
  })
}
$('status').textContent = ORGO_SANDBOX ? 'Sandbox: the Orgo API runs in this page.' : 'Ready.'
$('signed-out').hidden = false
if (location.pathname === '/callback') await completeLogin().catch((error: unknown) => signOut(error))
