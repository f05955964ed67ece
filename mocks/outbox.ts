import type { Mail, Outbox, SandboxCore } from './core-types.ts'

export type { Mail, MailKind, Outbox } from './core-types.ts'

/** A bounded list: a long-running sandbox keeps the latest mails, never all of them. */
export function createOutbox(capacity = 1000): Outbox {
  let mails: Mail[] = []
  let nextId = 1
  return {
    record(input) {
      const mail = { id: nextId++, ...input }
      mails.push(mail)
      if (mails.length > capacity * 1.5) mails = mails.slice(-capacity)
      return mail
    },
    list(filter = {}) {
      const to = filter.to?.toLowerCase()
      return mails
        .slice(-capacity)
        .filter(
          (m) =>
            (to === undefined || m.to.toLowerCase() === to) &&
            (filter.tenant === undefined || m.tenant === filter.tenant) &&
            (filter.kind === undefined || m.kind === filter.kind),
        )
    },
    clear() {
      mails = []
      nextId = 1
    },
    restore(saved) {
      mails = saved.map((mail) => ({ ...mail }))
      nextId = mails.reduce((max, mail) => Math.max(max, mail.id), 0) + 1
    },
  }
}

/**
 * "Sends" a mail: records it in the outbox and puts one line a person can act on in the feed, which the CLI
 * prints without the dashboard (issue 3: `OTP for member@acme.test: 482913 (expires 10:42:07)`).
 */
export function sendMail(core: SandboxCore, mail: Omit<Mail, 'id' | 'sentAt'>, summary: string): Mail {
  const sent = core.outbox.record({ ...mail, sentAt: new Date(core.clock.now()).toISOString() })
  core.change(`mail.${mail.kind}`, mail.tenant, summary, {
    mailId: sent.id,
    to: sent.to,
    code: sent.code,
    link: sent.link,
  })
  return sent
}

/** `2026-01-05T10:42:07.000Z` -> `10:42:07` (UTC), the request log's time format. */
export function timeOfDay(iso: string): string {
  return iso.slice(11, 19)
}
