import { render } from 'ink-testing-library'
import { stripVTControlCharacters as plain } from 'node:util'
import { describe, expect, it } from 'vitest'
import { DetailView, detailOverflow } from './DetailView.tsx'

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
  it('shows a long field value whole, wrapped (issue 27: details cut tokens and URLs)', () => {
    const token = 'f'.repeat(64)
    const long = { ...detail, fields: [['token', token]] as Array<[string, string]>, usage: [] }
    const text = plain(render(<DetailView detail={long} width={40} height={10} />).lastFrame()!).replace(
      /\s+/g,
      '',
    )
    expect(text).toContain(`token${token}`)
  })

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

  it('scrolls past the first fields of a detail longer than the screen, keeping its title and value', () => {
    const long = {
      ...detail,
      fields: Array.from({ length: 10 }, (_, i): [string, string] => [`f${i}`, `value ${i}`]),
    }
    // 8 lines: title, value, 6 for 10 fields and a command of 2 lines at 60 columns: 6 past the top at most.
    expect(detailOverflow(long, 60, 8)).toBe(6)
    expect(detailOverflow(long, 200, 8)).toBe(5)
    expect(detailOverflow(detail, 120, 10)).toBe(0)
    const frame = (scroll: number) =>
      plain(render(<DetailView detail={long} width={60} height={8} scroll={scroll} />).lastFrame()!).split(
        '\n',
      )
    expect(frame(0).slice(0, 4)).toEqual([
      'Login code for member@acme.test (pending)',
      '482913',
      'f0 value 0',
      'f1 value 1',
    ])
    expect(frame(6)).toEqual([
      'Login code for member@acme.test (pending)',
      '482913',
      'f6 value 6',
      'f7 value 7',
      'f8 value 8',
      'f9 value 9',
      `curl -d '{"email":"member@acme.test","otp":"482913"}'`,
      'http://acme.localhost:4010/api/v1/verify-login-otp',
    ])
  })
})
