/** What an interrupted run left: the marker, which of its migrations are leftovers, and their removal (real git). */
import { existsSync } from 'node:fs'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { beforeAll, expect, test } from 'vitest'
import { leftoverMigrations, readRunMarker, removeLeftovers, runMarkerFile, writeRunMarker, type RunMarker } from '../../src/history/run-marker.js'
import { analyzeMigration } from '../../src/migrations/analyze-migration.js'
import { readMigrationHistory } from '../../src/migrations/read-history.js'
import { loadSqlParser } from '../../src/sql/statements.js'
import { migration, tempProject } from '../commands/temp-project.js'
import { gitRepo, isolateGitConfig } from '../git/git-repo.js'

isolateGitConfig()
beforeAll(() => loadSqlParser())

const EMPTY = '-- This is an empty migration.'
const INIT = '20240101000000_init'
const marker = (existing: string[], name = 'nothing'): RunMarker => ({ pid: 4242, name, since: '2024-01-02T00:00:00.000Z', existing })
const history = (entries: Record<string, string>) => Object.entries(entries).map(([name, sql]) => analyzeMigration({ name, file: `/app/prisma/migrations/${name}/migration.sql`, sql }))

test('a leftover: new since the marker, named as Prisma names a migration of that name, and without a statement', () => {
  const migrations = history({
    [INIT]: 'CREATE TABLE "A" ("id" TEXT PRIMARY KEY);',
    '20240102000000_nothing': EMPTY,
    '20240102000001_nothing': 'CREATE TABLE "B" ("id" TEXT PRIMARY KEY);', // Prisma found a change: not empty
    '20240102000002_other': EMPTY, // another name: made by hand, or by another tool
    '20240102000003_add_items_now': '\n-- only comments\n',
  })
  expect(leftoverMigrations(marker([INIT]), migrations).map((m) => m.name)).toEqual(['20240102000000_nothing'])
  // Names compared as Prisma makes folder names of them.
  expect(leftoverMigrations(marker([INIT], 'Add items-now'), migrations).map((m) => m.name)).toEqual(['20240102000003_add_items_now'])
  // A migration that existed before the run is never the run's.
  expect(leftoverMigrations(marker([INIT, '20240102000000_nothing']), migrations)).toEqual([])
})

test('the marker file: per migrations folder, written, read back, and an unreadable one is none', async () => {
  const dir = await tempProject({})
  const file = runMarkerFile(dir, path.join(dir, 'prisma/migrations'))
  expect(path.dirname(file)).toBe(path.join(dir, 'node_modules/.cache/electrify'))
  expect(runMarkerFile(dir, path.join(dir, 'other/migrations'))).not.toBe(file)
  expect(await readRunMarker(file)).toBeUndefined()
  await writeRunMarker(file, marker([INIT]))
  expect(await readRunMarker(file)).toEqual(marker([INIT]))
  await writeFile(file, '{ not json')
  expect(await readRunMarker(file)).toBeUndefined()
})

test('removed unless applied or committed since; then the marker; the database is asked only when there is a leftover', async () => {
  const repo = await gitRepo({
    [migration(INIT)]: 'CREATE TABLE "A" ("id" TEXT PRIMARY KEY);',
    [migration('20240102000000_nothing')]: EMPTY,
    [migration('20240102000001_nothing')]: EMPTY,
    [migration('20240102000002_nothing')]: EMPTY,
  })
  await repo.git('add', migration('20240102000001_nothing'))
  await repo.git('commit', '-q', '-m', 'an empty migration, committed')
  const migrationsDir = path.join(repo.dir, 'prisma/migrations')
  const markerFile = runMarkerFile(repo.dir, migrationsDir)
  await writeRunMarker(markerFile, marker([INIT]))
  const asked: string[] = []
  const applied = async () => {
    asked.push('applied')
    return new Set(['20240102000002_nothing'])
  }

  const removed = await removeLeftovers({ markerFile, history: await readMigrationHistory(migrationsDir), migrationsDir, applied })
  expect(removed.map((m) => m.name)).toEqual(['20240102000000_nothing'])
  expect(existsSync(path.join(migrationsDir, '20240102000000_nothing'))).toBe(false)
  expect(await readFile(path.join(migrationsDir, '20240102000001_nothing/migration.sql'), 'utf8')).toBe(EMPTY)
  expect(existsSync(path.join(migrationsDir, '20240102000002_nothing'))).toBe(true)
  expect(existsSync(markerFile)).toBe(false)
  expect(asked).toEqual(['applied'])

  // No marker: nothing is looked at. A marker without leftovers: only the marker goes.
  expect(await removeLeftovers({ markerFile, history: await readMigrationHistory(migrationsDir), migrationsDir, applied })).toEqual([])
  await mkdir(path.dirname(markerFile), { recursive: true })
  await writeRunMarker(markerFile, marker([INIT, '20240102000001_nothing', '20240102000002_nothing']))
  expect(await removeLeftovers({ markerFile, history: await readMigrationHistory(migrationsDir), migrationsDir, applied })).toEqual([])
  expect(existsSync(markerFile)).toBe(false)
  expect(asked).toEqual(['applied'])
})
