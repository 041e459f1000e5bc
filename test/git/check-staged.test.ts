/**
 * `electrify check --staged` on real git repositories whose index and working tree differ: the index
 * decides, whatever the working tree holds.
 */
import { mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import { check } from '../../src/commands/check.js'
import { inject } from '../../src/commands/inject.js'
import { cli } from '../commands/run-cli.js'
import { createTable, DATASOURCE, enable, migration } from '../commands/temp-project.js'
import { gitRepo, isolateGitConfig } from './git-repo.js'

isolateGitConfig()

const PLAIN = `${DATASOURCE}
model Item {
  id    String @id
  title String
}
`
const ANNOTATED = PLAIN.replace('model Item', '/// @electric\nmodel Item')
const INIT = '20240101000000_init'
const ELECTRIFY = '20240102000000_electrify_item'
const TABLE = createTable('Item', ['"title" TEXT NOT NULL'])

test('staged clean, working tree half-edited: --staged passes, the plain check fails', async () => {
  const repo = await gitRepo({ 'prisma/schema.prisma': PLAIN, [migration(INIT)]: TABLE })
  await repo.git('add', '-A')
  // Half-way through the next change: the model is annotated, its migration not written yet.
  await writeFile(path.join(repo.dir, 'prisma/schema.prisma'), ANNOTATED)

  const staged = await cli(['check', '--staged', '--cwd', repo.dir])
  expect(staged.code, staged.stderr).toBe(0)
  expect(staged.stdout).toMatch(/0 annotated models, 1 migration \(staged\): no model is annotated/)
  const tree = await cli(['check', '--cwd', repo.dir])
  expect(tree.code).toBe(1)
  expect(tree.stderr).toContain('error[check/not-electrified]')
})

test('staged broken, working tree fixed but not staged: --staged fails, naming the staged lines', async () => {
  const repo = await gitRepo({ 'prisma/schema.prisma': ANNOTATED, [migration(INIT)]: TABLE, [migration(ELECTRIFY)]: 'ALTER TABLE Item ENABLE ELECTRIC;\n' })
  await repo.git('add', '-A')
  await writeFile(path.join(repo.dir, migration(ELECTRIFY)), `-- fixed\n${enable('Item')}`)

  const staged = await check({ staged: true }, { cwd: repo.dir })
  expect(staged).toMatchObject({ ok: false, source: 'index', migrations: 2 })
  expect(staged.findings.find((f) => f.code === 'check/electrify-unknown-table')).toMatchObject({ file: path.join(repo.dir, migration(ELECTRIFY)), line: 1 })
  expect(await check({}, { cwd: repo.dir })).toMatchObject({ ok: true, findings: [] })

  await repo.git('add', '-A')
  expect(await check({ staged: true }, { cwd: repo.dir })).toMatchObject({ ok: true, findings: [] })
})

test('a migration that is not staged is not part of the commit: a warning that says `git add`, and the errors it causes', async () => {
  const repo = await gitRepo({ 'prisma/schema.prisma': ANNOTATED, [migration(INIT)]: TABLE + enable('Item') })
  await repo.git('add', 'prisma/schema.prisma') // the migration is left out
  const outcome = await check({ staged: true }, { cwd: repo.dir })
  expect(outcome.migrations).toBe(0)
  expect(outcome.findings.map((f) => f.code).sort()).toEqual(['check/migration-not-staged', 'check/table-not-created'])
  expect(outcome.findings.find((f) => f.code === 'check/migration-not-staged')!.hint).toContain(`git add prisma/migrations/${INIT}`)
})

test('a file deleted from the working tree but not from the index is read from the index; a staged deletion is gone', async () => {
  const repo = await gitRepo({ 'prisma/schema.prisma': ANNOTATED, [migration(INIT)]: TABLE, [migration(ELECTRIFY)]: enable('Item') })
  await repo.git('add', '-A')
  await rm(path.join(repo.dir, 'prisma/migrations', ELECTRIFY), { recursive: true })
  expect(await check({ staged: true }, { cwd: repo.dir })).toMatchObject({ ok: true, migrations: 2 })

  await repo.git('rm', '-q', '--cached', migration(ELECTRIFY))
  const deleted = await check({ staged: true }, { cwd: repo.dir })
  expect(deleted).toMatchObject({ ok: false, migrations: 1 })
  expect(deleted.findings.map((f) => f.code)).toEqual(['check/not-electrified'])
})

test('a multi-file schema folder: only its staged .prisma files are read', async () => {
  const repo = await gitRepo({
    'prisma/schema/base.prisma': DATASOURCE,
    'prisma/schema/item.prisma': 'model Item {\n  id    String @id\n  title String\n}\n',
    'prisma/schema/migrations/20240101000000_init/migration.sql': TABLE,
  })
  await repo.git('add', '-A')
  // An annotated model in a file that is not staged does not count.
  await writeFile(path.join(repo.dir, 'prisma/schema/tag.prisma'), '/// @electric\nmodel Tag {\n  id String @id\n}\n')
  const staged = await check({ staged: true }, { cwd: repo.dir })
  expect(staged).toMatchObject({ ok: true, annotated: [], migrations: 1 })
  expect((await check({}, { cwd: repo.dir })).findings.map((f) => f.code)).toEqual(['check/table-not-created'])
})

test('a schema that is not staged at all: exit 2 with the git add to run', async () => {
  const repo = await gitRepo({ 'prisma/schema.prisma': ANNOTATED })
  await mkdir(path.join(repo.dir, 'prisma/migrations'), { recursive: true })
  const run = await cli(['check', '--staged', '--cwd', repo.dir, '--json'])
  expect(run.code).toBe(2)
  expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'check/schema-not-staged', hint: expect.stringContaining('git add prisma/schema.prisma') } })
})

test('the project in a subfolder of the repository', async () => {
  const repo = await gitRepo({ 'apps/web/prisma/schema.prisma': ANNOTATED, [`apps/web/${migration(INIT)}`]: TABLE })
  await repo.git('add', '-A')
  const outcome = await check({ staged: true }, { cwd: path.join(repo.dir, 'apps/web') })
  expect(outcome.findings).toEqual([expect.objectContaining({ code: 'check/not-electrified', command: `npx --no -- electrify inject ${INIT}` })])
})

test('the pre-commit loop: a migration fixed in the working tree but not staged gets `git add <file>`, not inject again', async () => {
  const repo = await gitRepo({ 'prisma/schema.prisma': ANNOTATED, [migration(INIT)]: TABLE })
  await repo.git('add', '-A')
  const first = await check({ staged: true }, { cwd: repo.dir })
  expect(first.findings.find((f) => f.code === 'check/not-electrified')!.command).toBe(`npx --no -- electrify inject ${INIT}`)

  // The user runs the fix; the working tree now electrifies the table, the index does not.
  await inject({}, { cwd: repo.dir })
  const again = await cli(['check', '--staged', '--cwd', repo.dir, '--json'])
  expect(again.code).toBe(1)
  const finding = JSON.parse(again.stdout).findings.find((f: { code: string }) => f.code === 'check/not-electrified')
  expect(finding).toMatchObject({ command: `git add prisma/migrations/${INIT}/migration.sql`, line: 7 })
  expect(finding.message).toBe(
    `model Item is annotated with @electric, but no staged migration electrifies its table "Item"; prisma/migrations/${INIT}/migration.sql in the working tree does (line 9), but that change is not staged`,
  )
  const human = await cli(['check', '--staged', '--cwd', repo.dir])
  expect(human.stderr).toContain(`fix: Stage it, so that the commit contains it: \`git add prisma/migrations/${INIT}/migration.sql\``)

  await repo.git('add', migration(INIT))
  expect(await check({ staged: true }, { cwd: repo.dir })).toMatchObject({ ok: true, findings: [] })
})

test('a committed migration edited in the working tree is not offered for staging: undo the edit, electrify in a new migration', async () => {
  const repo = await gitRepo({ 'prisma/schema.prisma': ANNOTATED, [migration(INIT)]: TABLE })
  await repo.git('add', '-A')
  await repo.git('commit', '-q', '-m', 'init')
  await writeFile(path.join(repo.dir, migration(INIT)), TABLE + enable('Item'))
  const outcome = await check({ staged: true }, { cwd: repo.dir })
  expect(outcome.findings.find((f) => f.code === 'check/not-electrified')!.command).toBe(
    `git checkout -- prisma/migrations/${INIT}/migration.sql && npx --no -- electrify inject --new`,
  )
})
