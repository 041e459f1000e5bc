/**
 * `electrify migrate` through the CLI entry point, up to where it would need a database: the rules
 * gate stops before Prisma runs, the proxy's URL is reported redacted, an unreachable proxy stops the
 * run; with --json every outcome is one document on stdout.
 */
import { expect, test } from 'vitest'
import { cli } from '../commands/run-cli.js'
import { createTable, DATASOURCE, enable, migration, tempProject } from '../commands/temp-project.js'

const UNREACHABLE = 'postgresql://postgres:s3cret@127.0.0.1:9/app'
const SCHEMA = `${DATASOURCE}\n/// @electric\nmodel Item {\n  id String @id\n}\n`

test('a model that breaks Electric’s rules: nothing runs; the findings ride on the error, in --json too', async () => {
  const dir = await tempProject({ 'prisma/schema.prisma': `${DATASOURCE}\n/// @electric\nmodel Counter {\n  id Int @id @default(autoincrement())\n}\n` })
  const args = ['migrate', '--name', 'init', '--cwd', dir, '--proxy-url', UNREACHABLE, '--prisma', 'no-such-prisma']
  const human = await cli(args)
  expect(human.code).toBe(1)
  expect(human.stdout).toBe('')
  expect(human.stderr).toMatch(/^prisma\/schema\.prisma:8: error\[preflight\/database-default\] /m)
  expect(human.stderr).toMatch(/error\[rules\/preflight-failed\] an annotated model breaks Electric's rules; nothing was run/)
  expect(human.stderr).not.toMatch(/electrify: proxy/) // stopped before the proxy was even looked for

  const json = await cli([...args, '--json'])
  expect(json.code).toBe(1)
  const document = JSON.parse(json.stdout)
  expect(document).toMatchObject({ ok: false, error: { code: 'rules/preflight-failed' } })
  expect(document.findings).toEqual([expect.objectContaining({ code: 'preflight/database-default', line: 8 })])
})

test('a pending migration that breaks the rules stops the run before Prisma, at its line', async () => {
  const drop = 'ALTER TABLE "Item" DROP COLUMN "title";\n'
  const dir = await tempProject({
    'prisma/schema.prisma': SCHEMA,
    [migration('20240101000000_init')]: createTable('Item', ['"title" TEXT']) + enable('Item'),
    [migration('20240201000000_drop')]: drop,
  })
  const run = await cli(['migrate', '--name', 'next', '--cwd', dir, '--proxy-url', UNREACHABLE, '--json'])
  expect(run.code).toBe(1)
  expect(JSON.parse(run.stdout)).toMatchObject({
    ok: false,
    error: { code: 'rules/history-rejected', file: `${dir}/prisma/migrations/20240201000000_drop/migration.sql`, line: 1 },
    findings: [expect.objectContaining({ code: 'additive/drop-column' })],
  })
})

test('the proxy URL is reported redacted with where it came from; an unreachable proxy stops the run before Prisma runs', async () => {
  const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA })
  const run = await cli(['migrate', '--name', 'init', '--cwd', dir, '--proxy-url', UNREACHABLE, '--prisma', 'no-such-prisma'])
  expect(run.code).toBe(1)
  expect(run.stderr).toContain('electrify: proxy postgresql://postgres:****@127.0.0.1:9/app (from --proxy-url)\n')
  expect(run.stderr).toMatch(/error\[proxy\/unreachable\] cannot reach the Electric proxy at 127\.0\.0\.1:9 \(ECONNREFUSED\)/)
  expect(run.stdout + run.stderr).not.toContain('s3cret')

  const json = await cli(['migrate', '--name', 'init', '--cwd', dir, '--proxy-url', UNREACHABLE, '--prisma', 'no-such-prisma', '--json'])
  expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'proxy/unreachable' } })
})

test('without a terminal --name is required: a usage error (exit 2), one document with --json', async () => {
  const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA })
  const run = await cli(['migrate', '--cwd', dir, '--json'])
  expect(run.code).toBe(2)
  expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'usage/name-required' } })
})
