/**
 * When electrify refuses, and what it cleans up, end to end on real parts (the built CLI, the app's own
 * Prisma, the proxy stand-in, PostgreSQL): a pending migration the proxy would refuse stops before
 * Prisma runs; an empty migration a killed run left is removed by the next run; a second run waits
 * for the one holding the project's lock, or with --no-wait stops at once.
 */
import { spawn } from 'node:child_process'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, onTestFinished, test } from 'vitest'
import { holdProjectLock } from '../fs/lock-holder-process.js'
import { testProxies } from '../harness/in-test.js'
import { withClient } from '../harness/postgres.js'
import { until } from '../harness/until.js'
import { failed, ok, rulesApp } from '../rules/e2e-helpers.js'
import { appThroughProxy, electrify } from './electrify-cli.js'

const BIN = fileURLToPath(new URL('../../bin/electrify.js', import.meta.url))

const proxy = testProxies({ password: 'proxy_password' })

const MODELS = `
/// @electric
model Post {
  id    String @id @default(uuid())
  title String
}

model Tag {
  id   String @id @default(uuid())
  name String
}
`

describe('a pending migration the proxy would refuse stops before Prisma runs, with the findings check gives', () => {
  test.each([
    ['unquoted PascalCase DDLX', 'ALTER TABLE Tag ENABLE ELECTRIC;', 'check/electrify-unknown-table'],
    ['a typo', `UPDATEE "Tag" SET "name" = 'x';`, 'migration/invalid-statement'],
  ])('%s', async (_, statement, code) => {
    const app = await rulesApp(proxy, MODELS)
    ok(await app.run(['--name', 'init']))
    const byHand = '20990101000000_by_hand'
    await mkdir(path.join(app.app.migrationsDir, byHand))
    await writeFile(path.join(app.app.migrationsDir, byHand, 'migration.sql'), `-- written by hand\n${statement}\n`)

    const { result, doc } = await app.json(['--name', 'next'])
    failed(result)
    expect(doc.error).toMatchObject({ code: 'rules/history-rejected', file: path.join(app.app.migrationsDir, byHand, 'migration.sql'), line: 2 })
    expect(doc.error!.message).toBe(`pending migration ${byHand} (not applied yet) would be refused by the proxy (1 problem); nothing was run`)
    const refused = doc.findings.filter((f) => f.severity === 'error')
    expect(refused.map((f) => [f.code, f.line])).toEqual([[code, 2]])
    // What `electrify check` says about that statement, word for word (there a warning when it cannot be read).
    const checked = JSON.parse((await electrify(app.app.dir, ['check', '--json'])).stdout)
    const { severity, ...same } = checked.findings.find((f: { code: string }) => f.code === code)
    expect(refused[0]).toEqual({ severity: 'error', ...same })

    const human = failed(await app.run(['--name', 'next']))
    expect(human.stderr).toContain(`prisma/migrations/${byHand}/migration.sql:2: error[${code}] ${same.message}`)
    expect(human.stderr).not.toMatch(/prisma migrate dev/) // Prisma never ran
    // Prisma never saw it: not recorded as failed, nothing new in the folder.
    expect(await app.applied()).toEqual([(await app.app.migrations())[0]])
    expect((await app.app.migrations()).at(-1)).toBe(byHand)
    expect(await app.app.migrations()).toHaveLength(2)
  })

  test('a syntax error inside a data statement, which the check of a history does not read, stops it too', async () => {
    const app = await rulesApp(proxy, MODELS)
    ok(await app.run(['--name', 'init']))
    const byHand = '20990101000000_seed'
    await mkdir(path.join(app.app.migrationsDir, byHand))
    await writeFile(path.join(app.app.migrationsDir, byHand, 'migration.sql'), `-- seed\nINSERT INTO "Tag" ("id", "name") VALUES ('1',, 'x');\n`)

    const { result, doc } = await app.json(['--name', 'next'])
    failed(result)
    expect(doc.error).toMatchObject({ code: 'rules/history-rejected', line: 2 })
    expect(doc.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.line])).toEqual([['migration/invalid-statement', 2]])
    expect(await app.applied()).toEqual([(await app.app.migrations())[0]]) // Prisma never saw it
  })
})

test("Prisma's broken SQL for a name with quotes (@@map with \\\" inside): the run stops after creating it, says which table is unsure, and applies nothing", async () => {
  const app = await rulesApp(proxy, `
/// @electric
model Post {
  id String @id @default(uuid())
  @@map("it's \\"quoted\\"")
}
`)
  const { result, doc } = await app.json(['--name', 'init'])
  failed(result)
  expect(doc.error).toMatchObject({ code: 'plan/unreadable-sql' })
  expect(doc.error!.message).toMatch(/^electrify cannot tell what a migration does to annotated tables; \d+_init was created; nothing was added to it or applied$/)
  const unsure = doc.findings.find((f) => f.code === 'plan/unreadable-sql')!
  expect(unsure.message).toContain(`mentions "it's ""quoted""" (model Post), annotated with @electric`)
  const [created] = await app.app.migrations()
  expect(await readFile(path.join(app.app.migrationsDir, created!, 'migration.sql'), 'utf8')).not.toContain('ENABLE ELECTRIC')
  expect(await app.applied()).toEqual([])
})

test('a run killed after Prisma wrote its empty migration leaves it; the next run removes it, says so, and applies nothing of it', async () => {
  const { app, proxyUrl, directUrl } = await appThroughProxy(proxy, 'basic')
  ok(await electrify(app.dir, ['--name', 'init', '--proxy-url', proxyUrl]))
  const [init] = await app.migrations()
  const applied = () => withClient(directUrl, async (c) => (await c.query('SELECT migration_name FROM _prisma_migrations ORDER BY 1')).rows.map((r) => r.migration_name))

  // A Prisma that creates the migration, then hangs: electrify is killed (kill -9) while it waits.
  const pidFile = path.join(app.dir, 'prisma.pid')
  const wrapper = path.join(app.dir, 'prisma-then-hang.mjs')
  await writeFile(
    wrapper,
    `import { spawnSync } from 'node:child_process'
import { writeFileSync } from 'node:fs'
const args = process.argv.slice(2)
const status = spawnSync(process.execPath, ['node_modules/prisma/build/index.js', ...args], { stdio: 'inherit' }).status
if (!args.includes('--create-only')) process.exit(status ?? 1)
writeFileSync(${JSON.stringify(pidFile)}, String(process.pid))
setInterval(() => {}, 1000)
`,
  )
  const child = spawn(process.execPath, [BIN, '--name', 'nothing', '--proxy-url', proxyUrl, '--prisma', `node ${wrapper}`], { cwd: app.dir, stdio: 'ignore' })
  const exited = new Promise((resolve) => child.once('exit', resolve))
  onTestFinished(() => {
    child.kill('SIGKILL')
  })
  const hanging = await until(async () => Number(await readFile(pidFile, 'utf8').catch(() => '')) || undefined, 60_000)
  child.kill('SIGKILL')
  await exited
  process.kill(hanging, 'SIGKILL')
  const leftover = (await app.migrations()).find((m) => m.endsWith('_nothing'))!
  expect(leftover).toBeDefined()
  expect(await readFile(path.join(app.migrationsDir, leftover, 'migration.sql'), 'utf8')).not.toMatch(/ENABLE|CREATE/)

  const next = ok(await electrify(app.dir, ['--name', 'again', '--proxy-url', proxyUrl, '--json']))
  expect(JSON.parse(next.stdout)).toMatchObject({ ok: true, status: 'in-sync', removed: [leftover] })
  expect(next.stderr).toContain(`electrify: removed prisma/migrations/${leftover}, the empty migration an interrupted electrify run left (never applied, not committed)`)
  expect(await app.migrations()).toEqual([init])
  expect(await applied()).toEqual([init])
  const again = ok(await electrify(app.dir, ['--name', 'third', '--proxy-url', proxyUrl]))
  expect(again.stderr).not.toContain('removed')
})

describe('one run at a time', () => {
  test('a second run waits, saying who holds the lock, and then does its work; with --no-wait it stops at once', async () => {
    const { app, proxyUrl } = await appThroughProxy(proxy, 'basic')
    const holder = holdProjectLock(app.dir, 'wait')
    await holder.next('acquired')

    const refused = failed(await electrify(app.dir, ['--name', 'init', '--proxy-url', proxyUrl, '--no-wait']))
    expect(refused.stderr).toMatch(new RegExp(`error\\[project/locked\\] another electrify run is changing this project: electrify migrate --name from_${holder.pid} \\(pid ${holder.pid}, since `))
    expect(await app.migrations()).toEqual([])

    let stderr = ''
    const child = spawn(process.execPath, [BIN, '--name', 'init', '--proxy-url', proxyUrl], { cwd: app.dir, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, NO_COLOR: '1', CHECKPOINT_DISABLE: '1' } })
    onTestFinished(() => {
      child.kill('SIGKILL')
    })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    await until(async () => (stderr.includes('waiting') ? true : undefined), 60_000)
    expect(stderr).toContain(`electrify: waiting for the run that holds this project's lock to finish: electrify migrate --name from_${holder.pid} (pid ${holder.pid}, since `)
    expect(await app.migrations()).toEqual([])
    holder.finish()
    expect(await exited, stderr).toBe(0)
    expect(await app.migrations()).toHaveLength(1)
  })
})
