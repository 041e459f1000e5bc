import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process'
import { existsSync } from 'node:fs'
import { readFile, symlink } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, onTestFinished, test } from 'vitest'
import { describeHolder, withProjectLock, type LockHolder } from '../../src/fs/project-lock.js'
import { tempProject } from '../commands/temp-project.js'

const SCRIPT = fileURLToPath(new URL('./hold-project-lock.mjs', import.meta.url))

interface Event {
  event: 'waiting' | 'acquired' | 'releasing' | 'released' | 'error'
  pid: number
  at: number
  holder?: LockHolder
  code?: string
  message?: string
  hint?: string
}

/** A second electrify-like process holding (or trying to take) the project's lock; see hold-project-lock.mjs. */
function run(dir: string, mode: 'wait' | 'no-wait', staleMs?: number) {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, [SCRIPT, dir, mode, ...(staleMs ? [String(staleMs)] : [])])
  onTestFinished(() => {
    child.kill('SIGKILL')
  })
  const events: Event[] = []
  const waiters: Array<() => void> = []
  let buffer = ''
  let stderr = ''
  child.stderr.on('data', (chunk) => (stderr += chunk))
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk
    for (let nl = buffer.indexOf('\n'); nl !== -1; nl = buffer.indexOf('\n')) {
      events.push(JSON.parse(buffer.slice(0, nl)) as Event)
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
    async next(kind: Event['event']): Promise<Event> {
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

test('a second run that may not wait fails at once, saying who holds the lock', async () => {
  const dir = await tempProject({})
  const first = run(dir, 'wait')
  await first.next('acquired')
  const second = run(dir, 'no-wait')
  const error = await second.next('error')
  expect(await second.exited).toBe(1)
  expect(error.code).toBe('project/locked')
  expect(error.message).toMatch(new RegExp(`^another electrify run is changing this project: electrify migrate --name from_${first.pid} \\(pid ${first.pid}, since \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z\\)$`))
  expect(error.hint).toMatch(/wait for it to finish/i)
  first.finish()
  expect(await first.exited).toBe(0)
})

test('a second run waits, says for whom, and runs only after the first released the lock', async () => {
  const dir = await tempProject({})
  const first = run(dir, 'wait')
  await first.next('acquired')
  const second = run(dir, 'wait')
  const waiting = await second.next('waiting')
  expect(waiting.holder).toMatchObject({ pid: first.pid, command: `electrify migrate --name from_${first.pid}`, running: true })
  expect(second.events.some((e) => e.event === 'acquired')).toBe(false)
  first.finish()
  const released = await first.next('released')
  const acquired = await second.next('acquired')
  expect(acquired.at).toBeGreaterThanOrEqual((await first.next('releasing')).at)
  expect(released.pid).toBe(first.pid)
  second.finish()
  expect([await first.exited, await second.exited]).toEqual([0, 0])
})

test('the lock of a killed run is taken over once it is stale, also by a run that may not wait', async () => {
  const dir = await tempProject({})
  const first = run(dir, 'wait', 2000)
  await first.next('acquired')
  first.kill('SIGKILL')
  await first.exited
  const second = run(dir, 'no-wait', 2000)
  const waiting = await second.next('waiting')
  expect(waiting.holder).toMatchObject({ pid: first.pid, running: false })
  expect(describeHolder(waiting.holder)).toContain(`(pid ${first.pid}, since `)
  await second.next('acquired')
  second.finish()
  expect(await second.exited).toBe(0)
})

test('a run stopped by a signal removes its lock: the next run takes it without waiting', async () => {
  const dir = await tempProject({})
  const first = run(dir, 'wait')
  await first.next('acquired')
  first.kill('SIGTERM')
  await first.exited
  expect(existsSync(path.join(dir, 'node_modules/.cache/electrify/project.lock'))).toBe(false)
  const second = run(dir, 'no-wait')
  await second.next('acquired')
  expect(second.events.map((e) => e.event)).toEqual(['acquired'])
  second.finish()
  expect(await second.exited).toBe(0)
})

test('in one process: the lock is taken again without waiting, and released after fn, also when it throws', async () => {
  const dir = await tempProject({})
  const lockDir = path.join(dir, 'node_modules/.cache/electrify/project.lock')
  const owner = path.join(dir, 'node_modules/.cache/electrify/project.lock.json')
  const inner = await withProjectLock(dir, { wait: false, command: 'electrify watch' }, async () => {
    expect(JSON.parse(await readFile(owner, 'utf8'))).toMatchObject({ pid: process.pid, command: 'electrify watch' })
    // Through a symbolic link to the project: the same project, the same lock.
    const alias = path.join(await tempProject({}), 'alias')
    await symlink(dir, alias)
    return withProjectLock(alias, { wait: false }, async () => 'inner ran')
  })
  expect(inner).toBe('inner ran')
  expect(existsSync(lockDir)).toBe(false)
  expect(existsSync(owner)).toBe(false)

  await expect(withProjectLock(dir, {}, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
  expect(existsSync(lockDir)).toBe(false)
  await withProjectLock(dir, { wait: false }, async () => expect(existsSync(lockDir)).toBe(true))
})

test('passwords in the command line are not written for other runs to show', async () => {
  const dir = await tempProject({})
  const argv = process.argv
  process.argv = [argv[0]!, '/usr/bin/electrify', 'migrate', '--proxy-url', 'postgresql://u:secret@h:65432/db', '--proxy-url=postgresql://u:secret@h/db']
  try {
    await withProjectLock(dir, {}, async () => {
      const owner = await readFile(path.join(dir, 'node_modules/.cache/electrify/project.lock.json'), 'utf8')
      expect(owner).not.toContain('secret')
      expect(JSON.parse(owner).command).toBe('electrify migrate --proxy-url postgresql://u:****@h:65432/db --proxy-url=postgresql://u:****@h/db')
    })
  } finally {
    process.argv = argv
  }
})
