/**
 * `electrify watch` end to end on real parts: the built CLI watches a fixture app, and each run uses
 * the app's own Prisma (offline, real CLI) through the proxy stand-in in front of a throwaway PostgreSQL.
 */
import { spawn, type ChildProcess } from 'node:child_process'
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, onTestFinished, test } from 'vitest'
import { testProxies } from '../harness/in-test.js'
import { withClient } from '../harness/postgres.js'
import type { PrismaApp } from '../harness/prisma-project.js'
import { appThroughProxy } from './electrify-cli.js'

const BIN = fileURLToPath(new URL('../../bin/electrify.js', import.meta.url))
const STEP = 90_000 // one run: Prisma creates, electrify injects, Prisma applies through the proxy

const proxy = testProxies() // a stand-in per test, in front of the test's own database (Electric serves one)


type WatchLine = { event: string; [key: string]: any }

/**
 * A running `electrify watch`, its output so far, and ways to wait for what it prints: lines in human
 * mode, events (one JSON line each) with `--json`. Waiting is event-driven: each wait is settled by
 * the output it waits for, or fails when the process exits or the time is up.
 */
class Watcher {
  stdout = ''
  stderr = ''
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  private readonly child: ChildProcess
  private readonly waiters = new Set<() => void>()
  /** Index of the first event that `next` has not returned yet. */
  private cursor = 0

  constructor(cwd: string, args: string[]) {
    this.child = spawn(process.execPath, [BIN, 'watch', ...args], {
      cwd,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const settle = () => this.waiters.forEach((check) => check())
    this.child.stdout!.setEncoding('utf8').on('data', (c: string) => {
      this.stdout += c
      settle()
    })
    this.child.stderr!.setEncoding('utf8').on('data', (c: string) => (this.stderr += c))
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })))
    this.child.once('exit', settle)
    onTestFinished(async () => {
      if (this.child.exitCode === null && this.child.signalCode === null) {
        this.child.kill('SIGKILL')
        await this.exited
      }
    })
  }

  get lines(): string[] {
    return this.stdout.split('\n').filter(Boolean)
  }

  /** With `--json`: the events so far (complete lines only). */
  get events(): WatchLine[] {
    return this.stdout.split('\n').slice(0, -1).filter(Boolean).map((l) => JSON.parse(l) as WatchLine)
  }

  /** Human mode: waits until `count` lines match (the lines so far count). */
  waitFor(pattern: RegExp, count = 1): Promise<string> {
    return this.until(`${pattern} ×${count}`, () => this.lines.filter((l) => pattern.test(l))[count - 1])
  }

  /** `--json`: the next event (after those returned before) of this kind that has `fields`. */
  async next(event: string, fields: Record<string, unknown> = {}): Promise<WatchLine> {
    const matches = (e: WatchLine) => e.event === event && Object.entries(fields).every(([k, v]) => (v instanceof RegExp ? v.test(String(e[k])) : e[k] === v))
    const index = await this.until(`${event} ${JSON.stringify(fields)}`, () => {
      const found = this.events.findIndex((e, i) => i >= this.cursor && matches(e))
      return found < 0 ? undefined : found
    })
    this.cursor = index + 1
    return this.events[index]!
  }

  /**
   * `--json`: proves that nothing starts a run now. Saving the schema unchanged makes the watcher look
   * again (once the quiet time is over); when it says `unchanged`, what is on disk is what the last run
   * saw, so no run can follow without a new change. No run may have started since the last event waited for.
   */
  async staysIdle(schemaFile: string): Promise<void> {
    const from = this.cursor
    await writeFile(schemaFile, await readFile(schemaFile, 'utf8'))
    await this.next('unchanged')
    expect(this.events.slice(from).filter((e) => e.event === 'run-start'), this.stdout).toEqual([])
  }

  interrupt(): void {
    this.child.kill('SIGINT')
  }

  private until<T>(what: string, probe: () => T | undefined, timeout = STEP): Promise<T> {
    return new Promise((resolve, reject) => {
      const check = () => {
        let value: T | undefined
        try {
          value = probe()
        } catch (error) {
          return done(() => reject(error))
        }
        if (value !== undefined) return done(() => resolve(value))
        if (this.child.exitCode !== null || this.child.signalCode !== null) {
          done(() => reject(new Error(`electrify watch exited (${this.child.exitCode ?? this.child.signalCode}) before printing ${what}\n${this.stdout}\n${this.stderr}`)))
        }
      }
      const timer = setTimeout(() => done(() => reject(new Error(`timed out waiting for ${what}\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`))), timeout)
      const done = (settle: () => void) => {
        clearTimeout(timer)
        this.waiters.delete(check)
        settle()
      }
      this.waiters.add(check)
      check()
    })
  }
}

const electrified = (url: string) =>
  withClient(url, async (c) => (await c.query('SELECT table_name FROM electric.electrified ORDER BY table_name')).rows.map((r) => r.table_name))
const applied = (url: string) =>
  withClient(url, async (c) => (await c.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1')).rows.map((r) => r.migration_name))

const schemaOf = (app: PrismaApp) => path.join(app.dir, 'prisma/schema.prisma')
const tableNames = (event: WatchLine) => (event.tables as { table: { name: string } }[]).map((t) => t.table.name)

describe('electrify watch', () => {
  test('migrates at start; an added annotated model is created, electrified and applied; a broken edit is reported and watching goes on; the fix is applied; a burst of saves is one run; Ctrl-C exits 130', async () => {
    const { app, directUrl, proxyUrl } = await appThroughProxy(proxy, 'basic')
    const schema = schemaOf(app)
    const watcher = new Watcher(app.dir, ['--proxy-url', proxyUrl, '--json'])

    // Start: the schema has no migration yet.
    expect(await watcher.next('watching')).toEqual({ event: 'watching', schemaPath: schema, migrationsDir: app.migrationsDir })
    expect(await watcher.next('run-start')).toEqual({ event: 'run-start', run: 1, reason: 'start', files: [], name: 'sync_schema' })
    const first = await watcher.next('run-done')
    expect(first).toMatchObject({ run: 1, ok: true, status: 'applied', migration: expect.stringMatching(/^\d{14}_sync_schema$/) })
    expect(tableNames(first)).toEqual(['User', 'Post'])
    expect(await electrified(directUrl)).toEqual(['Post', 'User'])
    await watcher.staysIdle(schema) // its own migration, injection and apply started nothing

    // An annotated model is added.
    await appendFile(schema, '\n/// @electric\nmodel Tag {\n  id   String @id @default(uuid())\n  name String\n}\n')
    expect(await watcher.next('run-start')).toEqual({ event: 'run-start', run: 2, reason: 'schema', files: [schema], name: 'add_tag' })
    const tag = await watcher.next('run-done', { run: 2 })
    expect(tag).toMatchObject({ status: 'applied', migration: expect.stringMatching(/^\d{14}_add_tag$/) })
    expect(tableNames(tag)).toEqual(['Tag'])
    expect(await electrified(directUrl)).toEqual(['Post', 'Tag', 'User'])
    const afterTag = await app.migrations()
    expect(afterTag).toHaveLength(2)
    expect(await applied(directUrl)).toEqual(afterTag)

    // A broken edit: the error with file:line, nothing written, still watching.
    const good = await readFile(schema, 'utf8')
    await writeFile(schema, `${good}\n/// @electric\nmodel Note {\n  id   String @id @default(uuid())\n  body Strin\n}\n`)
    await watcher.next('run-start', { run: 3, name: 'add_note' })
    const failed = await watcher.next('run-failed', { run: 3 })
    expect(failed).toMatchObject({ ok: false, error: { code: 'schema/invalid', file: schema, line: expect.any(Number) } })
    expect(await app.migrations()).toEqual(afterTag)

    // The fix: named after what changed since the last run that worked.
    await writeFile(schema, `${good}\n/// @electric\nmodel Note {\n  id   String @id @default(uuid())\n  body String\n}\n`)
    await watcher.next('run-start', { run: 4, name: 'add_note' })
    expect(tableNames(await watcher.next('run-done', { run: 4, status: 'applied' }))).toEqual(['Note'])
    expect(await electrified(directUrl)).toEqual(['Note', 'Post', 'Tag', 'User'])
    await watcher.staysIdle(schema)

    // A burst of saves, as an editor or a formatter makes them: one run.
    let text = await readFile(schema, 'utf8')
    for (const field of ['a', 'b', 'c', 'd', 'e']) {
      text = text.replace('  body String\n', `  body String\n  ${field} String?\n`)
      await writeFile(schema, text)
      await sleep(40)
    }
    await watcher.next('run-start', { run: 5, name: 'update_note' })
    const burst = await watcher.next('run-done', { run: 5, status: 'applied', migration: /_update_note$/ })
    expect(burst.tables).toEqual([])
    await watcher.staysIdle(schema)
    const migrations = await app.migrations()
    expect(migrations).toHaveLength(4)
    expect(await applied(directUrl)).toEqual(migrations)
    const sql = await readFile(path.join(app.migrationsDir, migrations[3]!, 'migration.sql'), 'utf8')
    for (const column of ['a', 'b', 'c', 'd', 'e']) expect(sql).toContain(`ADD COLUMN     "${column}" TEXT`)

    // Ctrl-C.
    watcher.interrupt()
    expect(await watcher.exited).toEqual({ code: 130, signal: null })
    expect(watcher.events.at(-1)).toEqual({ event: 'stopped', runs: 5 })
    expect(watcher.events.filter((e) => e.event === 'run-start')).toHaveLength(5)
  }, 300_000)

  test('a migration written outside electrify (a teammate’s, a hand-written data fix) is noticed and applied', async () => {
    const { app, directUrl, proxyUrl } = await appThroughProxy(proxy, 'basic')
    const watcher = new Watcher(app.dir, ['--proxy-url', proxyUrl, '--name', 'watched', '--json'])
    expect(tableNames(await watcher.next('run-done', { status: 'applied', migration: /_watched$/ }))).toEqual(['User', 'Post'])
    const [init] = await app.migrations()

    const folder = path.join(app.migrationsDir, '20990101000000_seed_users')
    await mkdir(folder)
    await writeFile(path.join(folder, 'migration.sql'), `INSERT INTO "User" ("id", "email") VALUES ('u1', 'ada@example.com');\n`)
    expect(await watcher.next('run-start')).toEqual({ event: 'run-start', run: 2, reason: 'migrations', files: ['20990101000000_seed_users'], name: 'watched' })
    await watcher.next('run-done', { run: 2, status: 'in-sync' })
    expect(await applied(directUrl)).toEqual([init, '20990101000000_seed_users'])
    expect(await withClient(directUrl, async (c) => (await c.query('SELECT email FROM "User"')).rows)).toEqual([{ email: 'ada@example.com' }])
    await watcher.staysIdle(schemaOf(app))
    watcher.interrupt()
    expect((await watcher.exited).code).toBe(130)
  }, 300_000)

  test('people see one status line per step; Ctrl-C during a run stops the running Prisma child and exits 130', async () => {
    const { app, proxyUrl } = await appThroughProxy(proxy, 'basic')
    const pidFile = path.join(app.dir, 'prisma.pid')
    const slow = path.join(app.dir, 'slow-prisma.mjs')
    await writeFile(slow, `import { writeFileSync } from 'node:fs'\nwriteFileSync(${JSON.stringify(pidFile)}, String(process.pid))\nsetTimeout(() => {}, 120_000)\n`)
    const watcher = new Watcher(app.dir, ['--proxy-url', proxyUrl, '--prisma', `${process.execPath} ${slow}`])
    await watcher.waitFor(/^\d\d:\d\d:\d\d watching prisma\/schema\.prisma and prisma\/migrations\/ \(Ctrl-C to stop\)$/)
    await watcher.waitFor(/^\d\d:\d\d:\d\d ▸ bringing the migrations up to date with the schema: running electrify --name sync_schema …$/)
    const pid = Number(await waitForFile(pidFile))
    expect(isRunning(pid)).toBe(true)
    const interrupted = Date.now()
    watcher.interrupt()
    expect(await watcher.exited).toEqual({ code: 130, signal: null })
    expect(Date.now() - interrupted).toBeLessThan(10_000)
    expect(isRunning(pid)).toBe(false)
    expect(watcher.stdout).not.toMatch(/✗/) // being stopped is not a failure to report
    expect(watcher.lines.at(-1)).toMatch(/^\d\d:\d\d:\d\d stopped after 1 run$/)
  }, 120_000)

  test('--once runs once and exits with its outcome; --json prints one JSON line per event', async () => {
    const { app, directUrl, proxyUrl } = await appThroughProxy(proxy, 'basic')
    const once = new Watcher(app.dir, ['--proxy-url', proxyUrl, '--once', '--json'])
    expect((await once.exited).code).toBe(0)
    const events = once.events
    expect(events.map((e) => e.event)).toEqual(['run-start', 'run-done'])
    expect(events[1]).toMatchObject({ ok: true, status: 'applied', tables: [{ model: 'User' }, { model: 'Post' }] })
    expect(await electrified(directUrl)).toEqual(['Post', 'User'])

    const original = await readFile(schemaOf(app), 'utf8')
    await appendFile(schemaOf(app), '\nmodel Broken {\n  id Nope @id\n}\n')
    const broken = new Watcher(app.dir, ['--proxy-url', proxyUrl, '--once'])
    expect((await broken.exited).code).toBe(1)
    expect(broken.stdout).toMatch(/✗ prisma\/schema\.prisma:\d+: error\[schema\/invalid\].* \(\d+\.\d s\)\n/)

    // A model that breaks Electric's rules: the findings that stopped the run, each at its line.
    await writeFile(schemaOf(app), `${original}\n/// @electric\nmodel Stamp {\n  id String   @id @default(uuid())\n  at DateTime @default(now())\n}\n`)
    const rules = new Watcher(app.dir, ['--proxy-url', proxyUrl, '--once'])
    expect((await rules.exited).code).toBe(1)
    expect(rules.stderr).toMatch(/prisma\/schema\.prisma:\d+: error\[preflight\/database-default\]/)
    expect(rules.stdout).toMatch(/✗ /)
    expect(await app.migrations()).toHaveLength(1)
  }, 180_000)
})

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Polls: the pid file is written by a child of a child, whose output nobody sees. */
async function waitForFile(file: string, timeout = STEP): Promise<string> {
  const deadline = Date.now() + timeout
  for (;;) {
    const content = await readFile(file, 'utf8').catch(() => '')
    if (content) return content
    if (Date.now() > deadline) throw new Error(`${file} did not appear`)
    await sleep(50)
  }
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0)
    return true
  } catch {
    return false
  }
}
