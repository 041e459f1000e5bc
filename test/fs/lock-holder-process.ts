/** A second electrify-like process that holds (or tries to take) a project's lock: hold-project-lock.mjs, run from the build. */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { onTestFinished } from 'vitest'
import type { LockHolder } from '../../src/fs/project-lock.js'

const SCRIPT = fileURLToPath(new URL('./hold-project-lock.mjs', import.meta.url))

export interface LockEvent {
  event: 'waiting' | 'acquired' | 'releasing' | 'released' | 'error'
  pid: number
  at: number
  holder?: LockHolder
  code?: string
  message?: string
  hint?: string
}

/** Starts it for the current test (killed when the test ends); it holds the lock until `finish()`. */
export function holdProjectLock(dir: string, mode: 'wait' | 'no-wait', staleMs?: number) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [SCRIPT, dir, mode, ...(staleMs ? [String(staleMs)] : [])])
  onTestFinished(() => {
    child.kill('SIGKILL')
  })
  const events: LockEvent[] = []
  const waiters: Array<() => void> = []
  let buffer = ''
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
      events.push(JSON.parse(buffer.slice(0, nl)) as LockEvent)
      buffer = buffer.slice(nl + 1)
      waiters.splice(0).forEach((wake) => wake())
    }
  })
  const exited = new Promise<number | null>((resolve) => child.on('close', (code) => resolve(code)))
  return {
    pid: child.pid!,
    events,
    exited,
    stderr: () => stderr,
    /** The first event of that kind, once it has come. */
    async next(kind: LockEvent['event']): Promise<LockEvent> {
      for (;;) {
        const found = events.find((e) => e.event === kind)
        if (found) return found
        if (child.exitCode !== null) throw new Error(`process ended without "${kind}": ${JSON.stringify(events)} ${stderr}`)
        await new Promise<void>((wake) => {
          waiters.push(wake)
          child.once('exit', () => wake())
        })
      }
    },
    finish: () => child.stdin.end(),
    kill: (signal: NodeJS.Signals) => child.kill(signal),
  }
}

