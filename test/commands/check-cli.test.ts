/** `electrify check` through the CLI entry point: output, the fix commands, --json, exit codes 0/1/2. */
import path from 'node:path'
import { expect, test } from 'vitest'
import { cli } from './run-cli.js'
import { createTable, enable, INIT, ITEM_SCHEMA as SCHEMA, ITEM_TABLE as TABLE, migration, tempProject } from './temp-project.js'


test('clean: exit 0 and one summary line', async () => {
  const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA, [migration(INIT)]: TABLE + enable('Item') })
  const run = await cli(['check', '--cwd', dir])
  expect(run).toMatchObject({ code: 0, stderr: '' })
  expect(run.stdout).toMatch(/^✓ electrify check: 1 annotated model, 1 migration: every annotated table is electrified \(\d+ ms\)\n$/)
})

test('findings: exit 1, each with file:line and the command that fixes it; the flags given are passed on', async () => {
  const dir = await tempProject({ 'app/prisma/schema.prisma': SCHEMA, [`app/${migration(INIT)}`]: TABLE })
  const run = await cli(['check', '--cwd', path.join(dir, 'app')])
  expect(run.code).toBe(1)
  expect(run.stderr).toContain('prisma/schema.prisma:7: error[check/not-electrified] model Item is annotated with @electric')
  expect(run.stderr).toContain(`  fix: Append ENABLE ELECTRIC to that migration: \`npm exec --prefix ${path.join(dir, 'app')} --no -- electrify inject ${INIT} --cwd ${path.join(dir, 'app')}\``)
  expect(run.stdout).toMatch(/^✗ electrify check: 1 error in 1 annotated model, 1 migration \(\d+ ms\)\n$/)

  const json = await cli(['check', '--cwd', path.join(dir, 'app'), '--json'])
  expect(json.code).toBe(1)
  const document = JSON.parse(json.stdout)
  expect(document).toMatchObject({ ok: false, errors: 1, warnings: 0, source: 'working-tree', migrations: 1 })
  expect(document.findings).toEqual([expect.objectContaining({ code: 'check/not-electrified', line: 7, command: `npm exec --prefix ${path.join(dir, 'app')} --no -- electrify inject ${INIT} --cwd ${path.join(dir, 'app')}` })])
})

test('warnings print and pass; --strict fails on them', async () => {
  const twoSlashes = `${SCHEMA}\n// @electric\nmodel Note {\n  id String @id\n}\n`
  const dir = await tempProject({ 'prisma/schema.prisma': twoSlashes, [migration(INIT)]: TABLE + createTable('Note') + enable('Item') })
  const lax = await cli(['check', '--cwd', dir])
  expect(lax.code).toBe(0)
  expect(lax.stderr).toMatch(/warning\[annotation\/two-slash-comment\]/)
  expect(lax.stdout).toMatch(/^! electrify check: 1 warning in 1 annotated model, 1 migration/)
  expect((await cli(['check', '--cwd', dir, '--strict'])).code).toBe(1)
})

test('exit 2 when the check cannot run: no schema, a bad option, --staged outside git; --json says why', async () => {
  const empty = await tempProject({ 'README.md': '' })
  const none = await cli(['check', '--cwd', empty, '--json'])
  expect(none.code).toBe(2)
  expect(JSON.parse(none.stdout)).toMatchObject({ ok: false, error: { code: 'project/schema-not-found' } })
  expect((await cli(['check', '--frobnicate'])).code).toBe(2)

  const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA, [migration(INIT)]: TABLE + enable('Item') })
  const staged = await cli(['check', '--staged', '--cwd', dir])
  expect(staged.code).toBe(2)
  expect(staged.stderr).toMatch(/error\[git\/not-a-repository\]/)
})
