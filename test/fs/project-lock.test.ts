import { existsSync, realpathSync } from 'node:fs'
import { readFile, rm, symlink } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import { describeHolder, projectLockFiles, withProjectLock } from '../../src/fs/project-lock.js'
import { tempProject } from '../commands/temp-project.js'
import { holdProjectLock as run } from './lock-holder-process.js'

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
  expect(existsSync(projectLockFiles(dir).lock)).toBe(false)
  const second = run(dir, 'no-wait')
  await second.next('acquired')
  expect(second.events.map((e) => e.event)).toEqual(['acquired'])
  second.finish()
  expect(await second.exited).toBe(0)
})

test('in one process: the lock is taken again without waiting, and released after fn, also when it throws', async () => {
  const dir = await tempProject({})
  const { lock: lockDir, owner } = projectLockFiles(dir)
  expect(path.dirname(lockDir)).toBe(path.join(realpathSync(dir), 'node_modules/.cache/electrify'))
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
      const owner = await readFile(projectLockFiles(dir).owner, 'utf8')
      expect(owner).not.toContain('secret')
      expect(JSON.parse(owner).command).toBe('electrify migrate --proxy-url postgresql://u:****@h:65432/db --proxy-url=postgresql://u:****@h/db')
    })
  } finally {
    process.argv = argv
  }
})

test('projects that share one node_modules (a workspace, a linked folder) have a lock each', async () => {
  const shared = await tempProject({ 'node_modules/.keep': '' })
  const [a, b] = [await tempProject({}), await tempProject({})]
  await symlink(path.join(shared, 'node_modules'), path.join(a, 'node_modules'))
  await symlink(path.join(shared, 'node_modules'), path.join(b, 'node_modules'))
  const both = await withProjectLock(a, { wait: false }, () => withProjectLock(b, { wait: false }, async () => 'both held'))
  expect(both).toBe('both held')
  expect(projectLockFiles(a).lock).not.toBe(projectLockFiles(b).lock)
})

test('a lock lost while the run went on (its folder gone, or taken over) fails the run with project/lock-failed, after it', async () => {
  const dir = await tempProject({})
  const { lock } = projectLockFiles(dir)
  const lost: Error[] = []
  let ran = false
  const run = withProjectLock(dir, { staleMs: 2000, onLost: (error) => lost.push(error) }, async () => {
    await rm(lock, { recursive: true })
    await new Promise((resolve) => setTimeout(resolve, 3000)) // the holder refreshes it every second here
    ran = true
    return 'done'
  })
  await expect(run).rejects.toMatchObject({ code: 'project/lock-failed', message: expect.stringContaining("the project's lock was lost while electrify ran") })
  expect(ran).toBe(true)
  expect(lost).toHaveLength(1)
  await withProjectLock(dir, { wait: false }, async () => expect(existsSync(lock)).toBe(true))
})
