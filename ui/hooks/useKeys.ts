import { useInput, type Key } from 'ink'

/**
 * useInput, one key at a time: Ink hands a paste, or keys that arrive in one chunk (`tmux send-keys jjj`, a
 * fast typist over ssh), to the handler as one string, which `input === 'j'` would drop whole.
 */
export function useKeys(onKey: (input: string, key: Key) => void): void {
  useInput((input, key) => {
    if (input.length <= 1 || key.ctrl || key.meta) return onKey(input, key)
    for (const char of input) {
      if (char === '\r') onKey('', { ...key, return: true })
      else if (char === '\t') onKey('', { ...key, tab: true })
      else onKey(char, key)
    }
  })
}
