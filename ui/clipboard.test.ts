import { describe, expect, it } from 'vitest'
import { clipboardCommand, clipboardFile } from './clipboard.ts'

describe('the clipboard command a copy uses', () => {
  it.each([
    [{}, 'darwin', ['pbcopy']],
    [{}, 'win32', ['clip']],
    [{ WAYLAND_DISPLAY: 'wayland-0', DISPLAY: ':0' }, 'linux', ['wl-copy']],
    [{ DISPLAY: ':0' }, 'linux', ['xclip', '-selection', 'clipboard']],
    // A server without a desktop, and SSH (the command would fill the remote machine's clipboard): OSC 52 only.
    [{}, 'linux', null],
    [{ DISPLAY: ':0', SSH_CONNECTION: '10.0.0.1 5555 10.0.0.2 22' }, 'linux', null],
    [{ SSH_TTY: '/dev/pts/1' }, 'darwin', null],
    // Chosen by the user: a command, or `osc52` for none.
    [
      { ORGO_SANDBOX_CLIPBOARD: 'xsel --clipboard --input', SSH_TTY: '/dev/pts/1' },
      'linux',
      ['xsel', '--clipboard', '--input'],
    ],
    [{ ORGO_SANDBOX_CLIPBOARD: 'osc52' }, 'darwin', null],
  ] as const)('%j on %s -> %j', (env, platform, expected) => {
    expect(clipboardCommand({ env, platform })).toEqual(expected)
  })

  it("keeps the copied text in the user's cache directory, never a shared tmp", () => {
    expect(clipboardFile({ XDG_CACHE_HOME: '/home/ann/.cache' })).toBe('/home/ann/.cache/orgo-sandbox/copied')
    expect(clipboardFile({})).toMatch(/\/\.cache\/orgo-sandbox\/copied$/)
  })
})
