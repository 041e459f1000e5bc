/**
 * `migrate` and `watch` hold the project's lock (watch: for each run): with another process holding
 * it, `--no-wait` stops before anything is read or run; otherwise the run waits and says for whom.
 * No database is needed: the lock is taken first.
 */
import { expect, test } from 'vitest'
import { migrate } from '../../src/commands/migrate.js'
import { watch, type WatchEvent } from '../../src/commands/watch.js'
import type { RunEvent } from '../../src/report/events.js'
import { holdProjectLock } from '../fs/lock-holder-process.js'
import { cli } from './run-cli.js'
import { DATASOURCE, tempProject } from './temp-project.js'

const SCHEMA = `${DATASOURCE}\n/// @electric\nmodel Item {\n  id String @id\n}\n`
const UNREACHABLE = 'postgresql://postgres:pw@127.0.0.1:9/app'

test('migrate --no-wait: project/locked at once, naming the holder; nothing else ran', async () => {
  const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA })
  const holder = holdProjectLock(dir, 'wait')
  await holder.next('acquired')
  const run = await cli(['migrate', '--name', 'x', '--no-wait', '--cwd', dir, '--proxy-url', UNREACHABLE, '--json'])
  expect(run.code).toBe(1)
  const doc = JSON.parse(run.stdout)
  expect(doc).toMatchObject({ ok: false, error: { code: 'project/locked' } })
  expect(doc.error.message).toContain(`electrify migrate --name from_${holder.pid} (pid ${holder.pid}, since `)
  expect(run.stderr).not.toContain('electrify: proxy') // stopped before the proxy was looked for
})

test('migrate waits for the holder, saying for whom, and goes on once it is released', async () => {
  const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA })
  const holder = holdProjectLock(dir, 'wait')
  await holder.next('acquired')
  const events: RunEvent[] = []
  const run = migrate({ name: 'x', proxyUrl: UNREACHABLE, prisma: 'no-such-prisma' }, { cwd: dir, report: (e) => events.push(e) })
  run.catch(() => {})
  while (events.length === 0) await new Promise((resolve) => setTimeout(resolve, 20))
  expect(events).toEqual([{ type: 'lock-waiting', holder: expect.objectContaining({ pid: holder.pid, running: true }) }])
  holder.finish()
  // Past the lock, the run goes on: here up to the proxy, which is not there.
  await expect(run).rejects.toMatchObject({ code: 'proxy/unreachable' })
  expect(events.map((e) => e.type)).toEqual(['lock-waiting', 'connection'])
})

test('watch takes the lock for each run: with --no-wait a run fails while another holds it', async () => {
  const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA })
  const holder = holdProjectLock(dir, 'wait')
  await holder.next('acquired')
  const events: WatchEvent[] = []
  const result = await watch({ once: true, wait: false, proxyUrl: UNREACHABLE }, { cwd: dir, report: (e) => events.push(e) })
  expect(result).toEqual({ exitCode: 1, runs: 1 })
  expect(events.map((e) => e.type)).toEqual(['run-start', 'run-failed'])
  expect(events[1]).toMatchObject({ error: { code: 'project/locked' } })
})
