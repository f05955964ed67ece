import { spawn } from 'node:child_process'
import { mkdirSync, writeFileSync } from 'node:fs'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { osc52 } from './format.ts'

/**
 * Copying from the dashboard. OSC 52 asks the terminal to set the clipboard and gets no answer, whether the
 * terminal did it or refused (tmux without `set-clipboard on`, VS Code's terminal, GNOME Terminal): so a copy
 * also goes to the desktop's clipboard command when there is one on this machine, and to a file, and the notice
 * says which of those certainly happened. Written here: clipboardy would do the command part, at a dependency
 * and a start-up cost for a few lines (issue 27: "say when the terminal refused the clipboard").
 */

/**
 * Where the last copied text also goes: the user's cache directory, readable only by its owner (tokens are in
 * it). Never a shared tmp directory, where another user could plant a link or a file of their own by that name.
 */
export function clipboardFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'orgo-sandbox', 'copied')
}

export interface CopyEnv {
  env: NodeJS.ProcessEnv
  platform: NodeJS.Platform
}

/**
 * The desktop clipboard command, if this session has one: `ORGO_SANDBOX_CLIPBOARD` names it (`osc52` for none);
 * over SSH none (the command would fill the remote machine's clipboard, not the user's).
 */
export function clipboardCommand({ env, platform }: CopyEnv): string[] | null {
  const chosen = env.ORGO_SANDBOX_CLIPBOARD?.trim()
  if (chosen) return chosen === 'osc52' ? null : chosen.split(/\s+/)
  if (env.SSH_CONNECTION || env.SSH_TTY) return null
  if (platform === 'darwin') return ['pbcopy']
  if (platform === 'win32') return ['clip']
  if (env.WAYLAND_DISPLAY) return ['wl-copy']
  if (env.DISPLAY) return ['xclip', '-selection', 'clipboard']
  return null
}

/** Runs the command with `text` on its stdin; whether it exited 0 within 2 s (a missing command is false). */
function runCopy([command, ...args]: string[], text: string): Promise<boolean> {
  return new Promise((resolve) => {
    // stdout and stderr ignored: xclip stays behind to own the selection, holding any pipe it was given open.
    const child = spawn(command!, args, { stdio: ['pipe', 'ignore', 'ignore'] })
    const timer = setTimeout(() => {
      child.kill()
      resolve(false)
    }, 2000)
    child.on('error', () => {
      clearTimeout(timer)
      resolve(false)
    })
    child.on('exit', (code) => {
      clearTimeout(timer)
      resolve(code === 0)
    })
    child.stdin.on('error', () => {})
    child.stdin.end(text)
  })
}

/**
 * Copies `text` (`what`: "value", "command") every way this session allows, and says how: by the command when
 * it took the text (the clipboard certainly holds it); otherwise that OSC 52 went unanswered, so the terminal may
 * have refused it, and where the file is.
 */
export async function copyText(
  text: string,
  what: string,
  write: (data: string) => void,
  session: CopyEnv = { env: process.env, platform: process.platform },
): Promise<{ ok: boolean; message: string }> {
  write(osc52(text))
  const file = clipboardFile(session.env)
  let saved = false
  try {
    mkdirSync(dirname(file), { recursive: true, mode: 0o700 })
    writeFileSync(file, text, { mode: 0o600 })
    saved = true
  } catch {
    // No writable home: the terminal's clipboard is all there is.
  }
  const command = clipboardCommand(session)
  if (command && (await runCopy(command, text)))
    return {
      ok: true,
      message: `Copied the ${what} to the clipboard (${command[0]}, ${text.length} characters)`,
    }
  // The notice is one line: the file first, so a narrow terminal cuts the explanation, not the path.
  const home = homedir()
  const shown = file.startsWith(`${home}/`) ? `~${file.slice(home.length)}` : file
  const why = `${command ? `${command[0]} failed; ` : ''}no paste? the terminal refused it`
  return {
    ok: false,
    message: saved
      ? `The ${what} is in ${shown}; sent by OSC 52 too (${why})`
      : `Sent the ${what} by OSC 52 (${why})`,
  }
}
