import { runLoginDialog } from './login-dialog.ts'
import { createOrgoApi, OrgoApiError } from './orgo-api.ts'
import { beginLogin, finishLogin, type OAuthClient } from './orgo-oauth.ts'

/** Set by the bundler (build.ts): true bundles orgo-sandbox/browser, false drops it from the build. */
declare const ORGO_SANDBOX: boolean

const ISSUER = 'https://acme.orgo.space'
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
    const ui = {
      dialog: $<HTMLDialogElement>('orgo-dialog'),
      frame: $<HTMLIFrameElement>('orgo-frame'),
      cancel: $<HTMLButtonElement>('orgo-cancel'),
    }
    const callback = await runLoginDialog(pending.authorizeUrl, CLIENT.redirectUri, ui)
    const tokens = await finishLogin(CLIENT, pending, callback)
    await signedIn(tokens.access_token, 'Log in with Orgo')
  }),
)
$('reload').addEventListener('click', handle(loadContacts))
$('sign-out').addEventListener('click', () => signOut())

if (ORGO_SANDBOX) {
  const { startSandbox } = await import('./sandbox.ts')
  await startSandbox(CLIENT)
}
$('status').textContent = ORGO_SANDBOX ? 'Sandbox: the Orgo API runs in this page.' : 'Ready.'
$('signed-out').hidden = false
