import { describe, expect, it } from 'vitest'
import { deliveryRefusal, isLoopbackHost } from './host-guard.ts'

const allowedHosts = ['example.test', 'Hooks.Partner.TEST', '[2001:db8::1]', '10.0.0.5']

describe('deliveryRefusal: allowed', () => {
  it.each([
    'http://localhost:3000/webhooks',
    'https://localhost/webhooks',
    'http://LOCALHOST:3000/',
    'http://localhost.:3000/',
    'http://hooks.localhost:3000/x?y=1',
    'http://a.b.localhost/',
    'http://127.0.0.1:3000/',
    'http://127.255.255.254/',
    // WHATWG URL normalises these to 127.0.0.1 before the check.
    'http://127.1/',
    'http://0x7f000001/',
    'http://[::1]:3000/',
    'http://[0:0:0:0:0:0:0:1]/',
    'http://example.test/hook',
    'https://EXAMPLE.test:8443/hook',
    'http://hooks.partner.test/',
    'http://[2001:db8::1]:8080/',
    'http://10.0.0.5/',
  ])('%s', (url) => {
    expect(deliveryRefusal(url, allowedHosts)).toBeUndefined()
  })
})

describe('deliveryRefusal: refused', () => {
  const notAllowed = (host: string) =>
    'The sandbox delivers webhooks only to this machine (localhost, *.localhost, 127.0.0.0/8 and [::1]) and to the ' +
    `hosts given with --webhook-host, and ${host} is neither. To allow it, start the sandbox with --webhook-host ${host}.`

  it.each([
    ['http://example.com/hook', notAllowed('example.com')],
    // An allowed host does not allow its subdomains, nor a name that merely ends like it.
    ['http://evil.example.test/', notAllowed('evil.example.test')],
    ['http://notexample.test/', notAllowed('notexample.test')],
    ['http://localhost.evil.com/', notAllowed('localhost.evil.com')],
    ['http://localhostx/', notAllowed('localhostx')],
    ['http://128.0.0.1/', notAllowed('128.0.0.1')],
    ['http://10.0.0.6/', notAllowed('10.0.0.6')],
    ['http://[::2]/', notAllowed('::2')],
    // An IPv4-mapped loopback is not taken as loopback: allow it explicitly if you must.
    ['http://[::ffff:127.0.0.1]/', notAllowed('::ffff:7f00:1')],
    [
      'http://0.0.0.0:3000/',
      `${notAllowed('0.0.0.0')} Or deliver to 127.0.0.1, which is where 0.0.0.0 leads.`,
    ],
    ['ftp://localhost/hook', 'Webhooks are delivered over http:// or https:// only, not ftp:.'],
    ['file:///etc/passwd', 'Webhooks are delivered over http:// or https:// only, not file:.'],
    ['javascript:alert(1)', 'Webhooks are delivered over http:// or https:// only, not javascript:.'],
    [
      'localhost:3000/hook',
      'Webhooks are delivered over http:// or https:// only, not localhost:. Did you mean http://localhost:3000/hook?',
    ],
    [
      '/webhooks',
      'Not a valid URL: "/webhooks". A webhook URL is absolute, e.g. http://localhost:3000/webhooks.',
    ],
    ['', 'Not a valid URL: "". A webhook URL is absolute, e.g. http://localhost:3000/webhooks.'],
    [
      'http://exa mple.com/',
      'Not a valid URL: "http://exa mple.com/". A webhook URL is absolute, e.g. http://localhost:3000/webhooks.',
    ],
    // The password of an unparseable URL stays out of the message (and so out of the logs).
    [
      'http://user:hunter2@exa mple/',
      'Not a valid URL: "http://…@exa mple/". A webhook URL is absolute, e.g. http://localhost:3000/webhooks.',
    ],
  ])('%s', (url, message) => {
    expect(deliveryRefusal(url, allowedHosts)).toBe(message)
  })

  it.each(['http://user:pw@localhost:3000/', 'http://user@127.0.0.1/', 'https://:pw@example.test/'])(
    'refuses credentials in %s, even to an allowed host',
    (url) => {
      const message = deliveryRefusal(url, allowedHosts)
      expect(message).toBe(
        'The URL carries credentials (user:password@), which the sandbox does not send. Remove them; to let the ' +
          'receiver check that a delivery is the sandbox\'s, give the subscription a "secret" and verify X-Webhook-Signature.',
      )
    },
  )

  it('allows nothing beyond loopback without --webhook-host', () => {
    expect(deliveryRefusal('http://example.test/', [])).toBe(notAllowed('example.test'))
    expect(deliveryRefusal('http://localhost:1/', [])).toBeUndefined()
  })
})

describe('isLoopbackHost', () => {
  it.each([
    ['localhost', true],
    ['LocalHost', true],
    ['acme.localhost', true],
    ['localhost.', true],
    ['127.0.0.1', true],
    ['127.10.20.30', true],
    ['::1', true],
    ['[::1]', true],
    ['127.0.0.256', false],
    ['127.0.0', false],
    ['1127.0.0.1', false],
    ['0.0.0.0', false],
    ['::', false],
    ['localhost.example.com', false],
    ['example.com', false],
    ['', false],
  ])('%j is %s', (host, expected) => {
    expect(isLoopbackHost(host)).toBe(expected)
  })
})
