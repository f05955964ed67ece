// A CSF 3 story file, as a Storybook project has it: a card that reads GET /api/v1/me from https://acme.orgo.space.
import { http, HttpResponse } from 'msw'

function MeCard(): HTMLElement {
  const card = document.createElement('p')
  card.textContent = 'Loading…'
  fetch('https://acme.orgo.space/api/v1/me', {
    headers: { 'Api-Token': window.orgoSandbox.tokens.seeded().rw },
  })
    .then(async (res) => {
      const body = (await res.json()) as { fullName?: string; detail?: string }
      card.textContent = res.ok ? `Signed in as ${body.fullName}` : `${body.detail} (${res.status})`
      card.dataset.status = String(res.status)
    })
    .catch((error: unknown) => (card.textContent = `Failed: ${String(error)}`))
  return card
}

export default { title: 'Orgo/Me card', render: () => MeCard() }

/** The sandbox answers: the seeded admin. */
export const SignedIn = {}

/** A sandbox scenario for one story: Orgo down for maintenance. */
export const Maintenance = {
  beforeEach: async () => {
    await window.orgoSandbox.scenarios.use('maintenance')
  },
}

/** `parameters.msw`: a story's own handler, ahead of the sandbox's. */
export const Overridden = {
  parameters: {
    msw: [
      http.get('https://acme.orgo.space/api/v1/me', () => HttpResponse.json({ fullName: 'Story Override' })),
    ],
  },
}
