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


/** A running `electrify watch`, its output so far, and ways to wait for what it prints. */
class Watcher {
  stdout = ''
  stderr = ''
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>
  private readonly child: ChildProcess

  constructor(cwd: string, args: string[]) {
    this.child = spawn(process.execPath, [BIN, 'watch', ...args], {
      cwd,
      env: { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.child.stdout!.setEncoding('utf8').on('data', (c: string) => (this.stdout += c))
    this.child.stderr!.setEncoding('utf8').on('data', (c: string) => (this.stderr += c))
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })))
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

  /** Lines that start a run. */
  get runs(): string[] {
    return this.lines.filter((l) => l.includes(' ▸ '))
  }

  /** Waits until `count` lines match (the lines so far count). */
  async waitFor(pattern: RegExp, count = 1, timeout = STEP): Promise<string> {
    const deadline = Date.now() + timeout
    for (;;) {
      const matching = this.lines.filter((l) => pattern.test(l))
      if (matching.length >= count) return matching[count - 1]!
      if (this.child.exitCode !== null) throw new Error(`electrify watch exited (${this.child.exitCode}) before printing ${pattern}\n${this.stdout}\n${this.stderr}`)
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern} ×${count}\n--- stdout\n${this.stdout}\n--- stderr\n${this.stderr}`)
      await sleep(50)
    }
  }

  /** Asserts that nothing starts a run for a while. */
  async staysIdle(ms: number): Promise<void> {
    const before = this.runs.length
    await sleep(ms)
    expect(this.runs.slice(before), this.stdout).toEqual([])
  }

  interrupt(): void {
    this.child.kill('SIGINT')
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

const electrified = (url: string) =>
  withClient(url, async (c) => (await c.query('SELECT table_name FROM electric.electrified ORDER BY table_name')).rows.map((r) => r.table_name))
const applied = (url: string) =>
  withClient(url, async (c) => (await c.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1')).rows.map((r) => r.migration_name))

const schemaOf = (app: PrismaApp) => path.join(app.dir, 'prisma/schema.prisma')

describe('electrify watch', () => {
  test('migrates at start; an added annotated model is created, electrified and applied; a broken edit is shown and watching goes on; the fix is applied; a burst of saves is one run; Ctrl-C exits 130', async () => {
    const { app, directUrl, proxyUrl } = await appThroughProxy(proxy, 'basic')
    const watcher = new Watcher(app.dir, ['--proxy-url', proxyUrl])

    // Start: the schema has no migration yet.
    await watcher.waitFor(/watching prisma\/schema\.prisma and prisma\/migrations\//)
    const first = await watcher.waitFor(/✓ \d{14}_sync_schema: electrified "User", "Post"; applied \(\d+\.\d s\)/)
    expect(first).toMatch(/^\d\d:\d\d:\d\d ✓/)
    expect(await electrified(directUrl)).toEqual(['Post', 'User'])
    await watcher.staysIdle(1500) // its own migration, injection and apply started nothing

    // An annotated model is added.
    await appendFile(schemaOf(app), '\n/// @electric\nmodel Tag {\n  id   String @id @default(uuid())\n  name String\n}\n')
    await watcher.waitFor(/▸ prisma\/schema\.prisma changed: running electrify --name add_tag/)
    await watcher.waitFor(/✓ \d{14}_add_tag: electrified "Tag"; applied/)
    expect(await electrified(directUrl)).toEqual(['Post', 'Tag', 'User'])
    const afterTag = await app.migrations()
    expect(afterTag).toHaveLength(2)
    expect(await applied(directUrl)).toEqual(afterTag)

    // A broken edit: the error with file:line, nothing written, still watching.
    const good = await readFile(schemaOf(app), 'utf8')
    await writeFile(schemaOf(app), `${good}\n/// @electric\nmodel Note {\n  id   String @id @default(uuid())\n  body Strin\n}\n`)
    const failed = await watcher.waitFor(/✗ prisma\/schema\.prisma:\d+: error\[schema\/invalid\]/)
    expect(failed).toMatch(/\(\d+\.\d s\)$/)
    await watcher.waitFor(/still watching/)
    expect(await app.migrations()).toEqual(afterTag)

    // The fix: named after what changed since the last run that worked.
    await writeFile(schemaOf(app), `${good}\n/// @electric\nmodel Note {\n  id   String @id @default(uuid())\n  body String\n}\n`)
    await watcher.waitFor(/✓ \d{14}_add_note: electrified "Note"; applied/)
    expect(await electrified(directUrl)).toEqual(['Note', 'Post', 'Tag', 'User'])

    // A burst of saves, as an editor or a formatter makes them: one run.
    const runsBefore = watcher.runs.length
    let text = await readFile(schemaOf(app), 'utf8')
    for (const field of ['a', 'b', 'c', 'd', 'e']) {
      text = text.replace('  body String\n', `  body String\n  ${field} String?\n`)
      await writeFile(schemaOf(app), text)
      await sleep(40)
    }
    await watcher.waitFor(/✓ \d{14}_update_note: no table to electrify; applied/)
    await watcher.staysIdle(1500)
    expect(watcher.runs.length - runsBefore).toBe(1)
    const migrations = await app.migrations()
    expect(migrations).toHaveLength(4)
    expect(await applied(directUrl)).toEqual(migrations)
    const sql = await readFile(path.join(app.migrationsDir, migrations[3]!, 'migration.sql'), 'utf8')
    for (const column of ['a', 'b', 'c', 'd', 'e']) expect(sql).toContain(`ADD COLUMN     "${column}" TEXT`)

    // Ctrl-C.
    watcher.interrupt()
    expect(await watcher.exited).toEqual({ code: 130, signal: null })
    expect(watcher.lines.at(-1)).toMatch(/stopped after 5 runs$/)
    expect(watcher.runs).toHaveLength(5)
  }, 300_000)

  test('a migration written outside electrify (a teammate’s, a hand-written data fix) is noticed and applied', async () => {
    const { app, directUrl, proxyUrl } = await appThroughProxy(proxy, 'basic')
    const watcher = new Watcher(app.dir, ['--proxy-url', proxyUrl, '--name', 'watched'])
    await watcher.waitFor(/✓ \d{14}_watched: electrified "User", "Post"; applied/)
    const [init] = await app.migrations()

    const folder = path.join(app.migrationsDir, '20990101000000_seed_users')
    await mkdir(folder)
    await writeFile(path.join(folder, 'migration.sql'), `INSERT INTO "User" ("id", "email") VALUES ('u1', 'ada@example.com');\n`)
    await watcher.waitFor(/▸ migrations changed \(20990101000000_seed_users\): running electrify --name watched/)
    await watcher.waitFor(/✓ in sync: nothing to migrate/)
    expect(await applied(directUrl)).toEqual([init, '20990101000000_seed_users'])
    expect(await withClient(directUrl, async (c) => (await c.query('SELECT email FROM "User"')).rows)).toEqual([{ email: 'ada@example.com' }])
    await watcher.staysIdle(1500)
    watcher.interrupt()
    expect((await watcher.exited).code).toBe(130)
  }, 300_000)

  test('Ctrl-C during a run stops the running Prisma child and exits 130', async () => {
    const { app, proxyUrl } = await appThroughProxy(proxy, 'basic')
    const pidFile = path.join(app.dir, 'prisma.pid')
    const slow = path.join(app.dir, 'slow-prisma.mjs')
    await writeFile(slow, `import { writeFileSync } from 'node:fs'\nwriteFileSync(${JSON.stringify(pidFile)}, String(process.pid))\nsetTimeout(() => {}, 120_000)\n`)
    const watcher = new Watcher(app.dir, ['--proxy-url', proxyUrl, '--prisma', `${process.execPath} ${slow}`])
    await watcher.waitFor(/▸ bringing the migrations up to date with the schema/)
    const pid = Number(await waitForFile(pidFile))
    expect(isRunning(pid)).toBe(true)
    const interrupted = Date.now()
    watcher.interrupt()
    expect(await watcher.exited).toEqual({ code: 130, signal: null })
    expect(Date.now() - interrupted).toBeLessThan(10_000)
    expect(isRunning(pid)).toBe(false)
    expect(watcher.stdout).not.toMatch(/✗/) // being stopped is not a failure to report
  }, 120_000)

  test('--once runs once and exits with its outcome; --json prints one JSON line per event', async () => {
    const { app, directUrl, proxyUrl } = await appThroughProxy(proxy, 'basic')
    const once = new Watcher(app.dir, ['--proxy-url', proxyUrl, '--once', '--json'])
    expect((await once.exited).code).toBe(0)
    const events = once.lines.map((l) => JSON.parse(l))
    expect(events.map((e) => e.event)).toEqual(['run-start', 'run-done'])
    expect(events[1]).toMatchObject({ ok: true, status: 'applied', tables: [{ model: 'User' }, { model: 'Post' }] })
    expect(await electrified(directUrl)).toEqual(['Post', 'User'])

    const original = await readFile(schemaOf(app), 'utf8')
    await appendFile(schemaOf(app), '\nmodel Broken {\n  id Nope @id\n}\n')
    const broken = new Watcher(app.dir, ['--proxy-url', proxyUrl, '--once'])
    expect((await broken.exited).code).toBe(1)
    expect(broken.stdout).toMatch(/✗ prisma\/schema\.prisma:\d+: error\[schema\/invalid\]/)

    // A model that breaks Electric's rules: the findings that stopped the run, each at its line.
    await writeFile(schemaOf(app), `${original}\n/// @electric\nmodel Stamp {\n  id String   @id @default(uuid())\n  at DateTime @default(now())\n}\n`)
    const rules = new Watcher(app.dir, ['--proxy-url', proxyUrl, '--once'])
    expect((await rules.exited).code).toBe(1)
    expect(rules.stderr).toMatch(/prisma\/schema\.prisma:\d+: error\[preflight\/database-default\]/)
    expect(rules.stdout).toMatch(/✗ /)
    expect(await app.migrations()).toHaveLength(1)
  }, 180_000)
})

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
