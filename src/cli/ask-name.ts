/**
 * Asks for a migration name in a terminal, like `prisma migrate dev` does. Ctrl-C at the prompt stops
 * the run quietly (exit 130); the end of input (Ctrl-D) is a missing name (exit 2).
 */
import { createInterface } from 'node:readline/promises'
import { ElectrifyError } from '../errors.js'
import { Interrupted } from './interrupt.js'

/** `signal`: the run's Ctrl-C, for a terminal that delivers it as a signal rather than as a key. */
export async function askMigrationName(input: NodeJS.ReadableStream, output: NodeJS.WritableStream, signal?: AbortSignal): Promise<string> {
  if (signal?.aborted) throw new Interrupted('at the migration name prompt')
  const rl = createInterface({ input, output })
  // readline, left alone, closes on Ctrl-C and rejects with an AbortError, and leaves the question
  // pending forever when the input ends: both are turned into an abort we can tell apart.
  const stop = new AbortController()
  let why: 'interrupted' | 'closed' | undefined
  const interrupt = () => {
    why ??= 'interrupted'
    stop.abort()
  }
  rl.on('SIGINT', interrupt)
  signal?.addEventListener('abort', interrupt)
  rl.on('close', () => {
    why ??= 'closed'
    stop.abort()
  })
  try {
    for (;;) {
      const answer = (await rl.question('? Enter a name for the new migration: › ', { signal: stop.signal })).trim()
      if (answer) return answer
    }
  } catch (error) {
    if (why === 'interrupted') throw new Interrupted('at the migration name prompt')
    if (why === 'closed') {
      throw new ElectrifyError('no migration name was entered: the input ended', {
        code: 'usage/name-required',
        exitCode: 2,
        hint: 'Type a name and press Enter, or pass it: electrify --name add_items.',
      })
    }
    throw error
  } finally {
    signal?.removeEventListener('abort', interrupt)
    rl.close()
  }
}
