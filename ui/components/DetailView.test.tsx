import { render } from 'ink-testing-library'
import { stripVTControlCharacters as plain } from 'node:util'
import { describe, expect, it } from 'vitest'
import { DetailView } from './DetailView.tsx'

const detail = {
  title: 'Login code for member@acme.test (pending)',
  value: '482913',
  fields: [
    ['tenant', 'acme'],
    ['tries left', '5'],
  ] as Array<[string, string]>,
  usage: [
    `curl -d '{"email":"member@acme.test","otp":"482913"}' http://acme.localhost:4010/api/v1/verify-login-otp`,
  ],
}

describe('DetailView', () => {
  it('puts the value alone on its line, then the fields, then a command to try', () => {
    const lines = plain(render(<DetailView detail={detail} width={120} height={10} />).lastFrame()!).split(
      '\n',
    )
    expect(lines.slice(0, 4)).toEqual([
      'Login code for member@acme.test (pending)',
      '482913',
      'tenant     acme',
      'tries left 5',
    ])
    expect(lines[4]).toBe(detail.usage[0])
  })

  it('cuts at the bottom rather than drawing lines over each other when it does not fit', () => {
    const long = { ...detail, value: 'x'.repeat(200) }
    const lines = plain(render(<DetailView detail={long} width={40} height={6} />).lastFrame()!).split('\n')
    expect(lines).toHaveLength(6)
    expect(lines.slice(1, 6)).toEqual([
      'x'.repeat(40),
      'x'.repeat(40),
      'x'.repeat(40),
      'x'.repeat(40),
      'x'.repeat(40),
    ])
  })
})
