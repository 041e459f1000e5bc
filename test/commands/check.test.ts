/** `check()` on small projects: a clean one, and each kind of finding with the command that fixes it. */
import { readdirSync } from 'node:fs'
import { readFile, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { gunzipSync, gzipSync } from 'node:zlib'
import { describe, expect, test } from 'vitest'
import { check, type CheckOutcome } from '../../src/commands/check.js'
import { createTable, DATASOURCE, enable, INIT, ITEM_SCHEMA as ITEM, ITEM_TABLE, migration, tempProject, writeFiles } from './temp-project.js'
import { gitRepo, isolateGitConfig } from '../git/git-repo.js'

const SECOND = '20240201000000_second'

const codes = (outcome: CheckOutcome) => outcome.findings.map((f) => f.code)
const only = (outcome: CheckOutcome, code: string) => {
  const found = outcome.findings.filter((f) => f.code === code)
  expect(found, JSON.stringify(outcome.findings, null, 2)).toHaveLength(1)
  return found[0]!
}

describe('check', () => {
  test('a clean project: no findings, the table and the migration that electrifies it', async () => {
    const dir = await tempProject({ 'prisma/schema.prisma': ITEM, [migration(INIT)]: ITEM_TABLE + enable('Item') })
    const outcome = await check({}, { cwd: dir })
    expect(outcome).toMatchObject({ ok: true, errors: 0, warnings: 0, findings: [], migrations: 1, source: 'working-tree' })
    expect(outcome.annotated).toEqual([{ model: 'Item', table: { schema: 'public', name: 'Item' }, electrifiedIn: INIT }])
    expect(outcome.schemaPath).toBe(path.join(dir, 'prisma/schema.prisma'))
  })

  test('a table the newest migration creates but does not electrify: inject into that migration', async () => {
    const dir = await tempProject({ 'prisma/schema.prisma': ITEM, [migration(INIT)]: ITEM_TABLE })
    const outcome = await check({}, { cwd: dir })
    expect(outcome.ok).toBe(false)
    const finding = only(outcome, 'check/not-electrified')
    expect(finding).toMatchObject({ severity: 'error', file: path.join(dir, 'prisma/schema.prisma'), line: 7, command: `npx --no -- electrify inject ${INIT}` })
    expect(finding.message).toContain(`the newest migration, ${INIT}, creates it`)
    expect(finding.hint).toContain('`npx --no -- electrify inject 20240101000000_init`')
    expect(outcome.annotated[0]!.electrifiedIn).toBeNull()
  })

  test('a model annotated after its table was created: a new migration, with the flags the check was given', async () => {
    const dir = await tempProject({
      'prisma/schema.prisma': `${ITEM}\nmodel Tag {\n  id String @id\n}\n`,
      [migration(INIT)]: ITEM_TABLE,
      [migration(SECOND)]: createTable('Tag'),
    })
    const outcome = await check({ fixArgs: ['--cwd', 'apps/my app'] }, { cwd: dir })
    const finding = only(outcome, 'check/not-electrified')
    expect(finding.message).toMatch(/\(created by 20240101000000_init\); a new migration should/)
    expect(finding.command).toBe("npx --no -- electrify --name electrify_item --cwd 'apps/my app'")
    expect(finding.hint).toContain(`npx --no -- electrify inject ${SECOND} --cwd 'apps/my app'`)

    // Two such tables: one migration electrifies both, so both findings give the same command.
    await writeFile(path.join(dir, 'prisma/schema.prisma'), `${ITEM}\n/// @electric\nmodel Tag {\n  id String @id\n}\n`)
    await writeFiles(dir, { [migration('20240301000000_third')]: 'CREATE INDEX "Item_title_idx" ON "Item"("title");\n' })
    const both = (await check({}, { cwd: dir })).findings.filter((f) => f.code === 'check/not-electrified')
    expect(both.map((f) => f.command)).toEqual(['npx --no -- electrify --name electrify_tables', 'npx --no -- electrify --name electrify_tables'])
  })

  test('an annotated model whose table no migration creates, also with no migrations at all', async () => {
    const schema = `${ITEM}\n/// @electric\nmodel OrderLine {\n  id String @id\n}\n`
    const dir = await tempProject({ 'prisma/schema.prisma': schema, [migration(INIT)]: ITEM_TABLE + enable('Item') })
    const finding = only(await check({}, { cwd: dir }), 'check/table-not-created')
    expect(finding).toMatchObject({ severity: 'error', line: 13, command: 'npx --no -- electrify --name add_order_line' })
    expect(finding.message).toContain('model OrderLine is annotated with @electric, but no migration creates its table "OrderLine"')

    const empty = await tempProject({ 'prisma/schema.prisma': ITEM })
    const none = await check({}, { cwd: empty })
    expect(codes(none)).toEqual(['check/table-not-created'])
    expect(none.migrations).toBe(0)
  })

  test('the history electrifies a model that is not annotated (error) or a table no model maps to (warning; --strict fails on it)', async () => {
    const plain = `${DATASOURCE}\nmodel Item {\n  id    String @id\n  title String\n}\n`
    const dir = await tempProject({ 'prisma/schema.prisma': plain, [migration(INIT)]: ITEM_TABLE + enable('Item') })
    const finding = only(await check({}, { cwd: dir }), 'check/electrified-not-annotated')
    expect(finding).toMatchObject({ severity: 'error', file: path.join(dir, 'prisma/schema.prisma'), line: 6 })
    expect(finding.hint).toContain('/// @electric')

    const legacy = await tempProject({ 'prisma/schema.prisma': ITEM, [migration(INIT)]: ITEM_TABLE + createTable('Legacy') + enable('Item') + enable('Legacy') })
    const lax = await check({}, { cwd: legacy })
    const warning = only(lax, 'check/electrified-without-model')
    expect(warning).toMatchObject({ severity: 'warning', file: path.join(legacy, migration(INIT)), line: 13 })
    expect(lax).toMatchObject({ ok: true, errors: 0, warnings: 1 })
    expect(await check({ strict: true }, { cwd: legacy })).toMatchObject({ ok: false, warnings: 1 })
  })

  test('ENABLE for a table that does not exist: unquoted name, or created only later', async () => {
    const dir = await tempProject({
      'prisma/schema.prisma': ITEM,
      [migration(INIT)]: ITEM_TABLE + 'ALTER TABLE Item ENABLE ELECTRIC;\n',
    })
    const outcome = await check({}, { cwd: dir })
    const unquoted = only(outcome, 'check/electrify-unknown-table')
    expect(unquoted).toMatchObject({ file: path.join(dir, migration(INIT)), line: 7 })
    expect(unquoted.message).toContain('ENABLE ELECTRIC for "item", which does not exist')
    expect(unquoted.hint).toContain('ALTER TABLE "Item" ENABLE ELECTRIC;')
    expect(codes(outcome)).toContain('check/not-electrified') // "Item" itself is still not electrified

    const early = await tempProject({
      'prisma/schema.prisma': ITEM,
      [migration(INIT)]: enable('Item'),
      [migration(SECOND)]: ITEM_TABLE + enable('Item'),
    })
    const before = only(await check({}, { cwd: early }), 'check/electrify-unknown-table')
    expect(before.hint).toContain(`only created later (${SECOND}, line 2)`)
  })

  test('ENABLE before a foreign key on the same table in one migration is reported once (EX007)', async () => {
    const schema = `${ITEM}\n/// @electric\nmodel Tag {\n  id     String @id\n  itemId String\n}\n`
    const sql =
      ITEM_TABLE +
      createTable('Tag', ['"itemId" TEXT NOT NULL']) +
      enable('Item') +
      enable('Tag') +
      'ALTER TABLE "Tag" ADD CONSTRAINT "Tag_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "Item"("id");\n'
    const dir = await tempProject({ 'prisma/schema.prisma': schema, [migration(INIT)]: sql })
    const outcome = await check({}, { cwd: dir })
    const placement = outcome.findings.filter((f) => /foreign-key/.test(f.code))
    expect(placement, JSON.stringify(outcome.findings, null, 2)).toHaveLength(1)
    expect(placement[0]).toMatchObject({ severity: 'error', file: path.join(dir, migration(INIT)), line: 15 })
    expect(placement[0]!.message).toMatch(/EX007/)
    expect(outcome.ok).toBe(false)
  })

  test("Electric's rules: the annotated models (pre-flight) and the history (additive changes only)", async () => {
    const schema = `${DATASOURCE}\n/// @electric\nmodel Item {\n  id        String   @id\n  createdAt DateTime @default(now())\n}\n`
    const dir = await tempProject({
      'prisma/schema.prisma': schema,
      [migration(INIT)]: ITEM_TABLE + enable('Item'),
      [migration(SECOND)]: 'ALTER TABLE "Item" DROP COLUMN "title";\n',
    })
    const outcome = await check({}, { cwd: dir })
    expect(codes(outcome)).toContain('preflight/database-default')
    expect(codes(outcome)).toContain('additive/drop-column')
    expect(outcome.findings.find((f) => f.code === 'additive/drop-column')).toMatchObject({ file: path.join(dir, migration(SECOND)), line: 1 })
  })

  test('an invalid schema is a finding with file:line, and the history is still checked', async () => {
    const dir = await tempProject({
      'prisma/schema.prisma': `${ITEM}\nmodel Broken {\n  id Nope @id\n}\n`,
      [migration(INIT)]: ITEM_TABLE + enable('Nope'),
    })
    const outcome = await check({}, { cwd: dir })
    expect(outcome.ok).toBe(false)
    expect(outcome.findings.find((f) => f.code === 'schema/invalid')).toMatchObject({ severity: 'error', file: path.join(dir, 'prisma/schema.prisma'), line: 13 })
    expect(codes(outcome)).toContain('check/electrify-unknown-table')
    expect(outcome.annotated).toEqual([])
  })

  test('no schema to be found is an error, not a finding', async () => {
    const dir = await tempProject({ 'README.md': 'no Prisma here' })
    await expect(check({}, { cwd: dir })).rejects.toMatchObject({ code: 'project/schema-not-found' })
  })
})

describe('check: the analysis cache in node_modules/.cache/electrify', () => {
  const cacheFile = (dir: string) => path.join(dir, 'node_modules/.cache/electrify', cacheFiles(dir)[0]!)
  const cacheFiles = (dir: string) => readdirSync(path.join(dir, 'node_modules/.cache/electrify')).filter((f) => f.endsWith('.json.gz'))
  const forgetOutcome = (dir: string) => rm(path.join(dir, 'node_modules/.cache/electrify', readdirSync(path.join(dir, 'node_modules/.cache/electrify')).find((f) => f.endsWith('.outcome.json'))!))
  const readCache = async (dir: string) => JSON.parse(gunzipSync(await readFile(cacheFile(dir))).toString('utf8'))

  test('is written when node_modules exists, gives the same findings, and never hides a change', async () => {
    const dir = await tempProject({ 'prisma/schema.prisma': ITEM, [migration(INIT)]: ITEM_TABLE, 'node_modules/.keep': '' })
    const first = await check({}, { cwd: dir })
    expect(codes(first)).toEqual(['check/not-electrified'])
    const cached = await readCache(dir)
    expect(Object.keys(cached.migrations)).toHaveLength(1)
    expect(cached.schema.key).toMatch(/^[0-9a-f]{40}$/)

    const second = await check({}, { cwd: dir })
    expect(second.findings).toEqual(first.findings)
    expect(second.annotated).toEqual(first.annotated)

    // The migration changes: its new text is analysed, not the cached one.
    await writeFile(path.join(dir, migration(INIT)), ITEM_TABLE + enable('Item'))
    const fixed = await check({}, { cwd: dir })
    expect(fixed).toMatchObject({ ok: true, findings: [] })
    // The schema changes: parsed again.
    await writeFile(path.join(dir, 'prisma/schema.prisma'), ITEM.replace('/// @electric\n', ''))
    expect(codes(await check({}, { cwd: dir }))).toEqual(['check/electrified-not-annotated'])
    expect(Object.keys((await readCache(dir)).migrations)).toHaveLength(1) // the old entry is gone
  })

  test('a cache made by other code (another stamp) or a corrupt one is ignored and rewritten; cache: false neither reads nor writes', async () => {
    const dir = await tempProject({ 'prisma/schema.prisma': ITEM, [migration(INIT)]: ITEM_TABLE, 'node_modules/.keep': '' })
    await check({}, { cwd: dir })
    const real = await readCache(dir)
    // Same text, but an entry without its statements (so without the CREATE TABLE): used only if the stamp matched.
    const forged = { ...real, stamp: 'someone else', migrations: Object.fromEntries(Object.keys(real.migrations).map((k) => [k, { n: [], d: [] }])) }
    await writeFile(cacheFile(dir), gzipSync(JSON.stringify(forged)))
    await forgetOutcome(dir) // else the last outcome holds, and the cache is not even opened
    expect(codes(await check({}, { cwd: dir }))).toEqual(['check/not-electrified'])
    expect((await readCache(dir)).stamp).toBe(real.stamp)
    // With the right stamp, an entry that does not fit the text (damaged) is not used either.
    await writeFile(cacheFile(dir), gzipSync(JSON.stringify({ ...real, migrations: Object.fromEntries(Object.keys(real.migrations).map((k) => [k, { n: [0, 1e6, 0, 0], d: [] }])) })))
    await forgetOutcome(dir)
    expect(codes(await check({}, { cwd: dir }))).toEqual(['check/not-electrified'])

    await writeFile(cacheFile(dir), '{ not json')
    await forgetOutcome(dir)
    expect(codes(await check({}, { cwd: dir }))).toEqual(['check/not-electrified'])

    const other = await tempProject({ 'prisma/schema.prisma': ITEM, [migration(INIT)]: ITEM_TABLE, 'node_modules/.keep': '' })
    await check({ cache: false }, { cwd: other })
    expect(() => cacheFiles(other)).toThrow(/ENOENT/)
  })

  test('the last outcome is kept and returned while nothing it was computed from changes', async () => {
    const clean = ITEM_TABLE + enable('Item')
    const dir = await tempProject({ 'prisma/schema.prisma': ITEM, [migration(INIT)]: clean, 'node_modules/.keep': '' })
    const outcomeFiles = () => readdirSync(path.join(dir, 'node_modules/.cache/electrify')).filter((f) => f.endsWith('.outcome.json'))
    const first = await check({}, { cwd: dir })
    expect(first).toMatchObject({ ok: true, findings: [] })
    expect(first.timingsMs.schema).toBeGreaterThan(0)
    expect(outcomeFiles()).toHaveLength(1)
    const again = await check({}, { cwd: dir })
    expect(again.timingsMs).toMatchObject({ schema: 0, history: 0 }) // nothing parsed
    expect({ ...again, durationMs: 0, timingsMs: 0 }).toEqual({ ...first, durationMs: 0, timingsMs: 0 })
    // Other options: computed again (strict is part of the key).
    expect((await check({ strict: true }, { cwd: dir })).timingsMs.schema).toBeGreaterThan(0)

    // A changed migration: computed again, and the answer follows the change.
    await writeFile(path.join(dir, migration(INIT)), ITEM_TABLE)
    const changed = await check({}, { cwd: dir })
    expect(codes(changed)).toEqual(['check/not-electrified'])
    // Its fix depends on git's HEAD: kept with what git said (nothing committed here: no repository).
    const keptToo = await check({}, { cwd: dir })
    expect(keptToo.timingsMs).toMatchObject({ schema: 0, history: 0 })
    expect(codes(keptToo)).toEqual(['check/not-electrified'])

    // An unreadable memo is ignored.
    await writeFile(path.join(dir, migration(INIT)), clean)
    await writeFile(path.join(dir, 'node_modules/.cache/electrify', outcomeFiles()[0]!), '{ not json')
    expect(await check({}, { cwd: dir })).toMatchObject({ ok: true, findings: [] })
    // --no-cache neither reads nor writes it.
    expect((await check({ cache: false }, { cwd: dir })).timingsMs.schema).toBeGreaterThan(0)
  })

  test('two schemas of one package keep separate caches', async () => {
    const dir = await tempProject({
      'prisma/schema.prisma': ITEM,
      [migration(INIT)]: ITEM_TABLE,
      'other/schema.prisma': ITEM,
      'other/migrations/20240101000000_init/migration.sql': ITEM_TABLE + enable('Item'),
      'node_modules/.keep': '',
    })
    for (let round = 0; round < 2; round++) {
      expect(codes(await check({}, { cwd: dir }))).toEqual(['check/not-electrified'])
      expect(codes(await check({ schema: 'other/schema.prisma' }, { cwd: dir }))).toEqual([])
    }
    expect(cacheFiles(dir)).toHaveLength(2)
  })
})

describe("check's kept outcome and git", () => {
  isolateGitConfig()

  test("a kept outcome whose fix depends on git's HEAD holds only while HEAD holds the same migrations", async () => {
    const repo = await gitRepo({ 'prisma/schema.prisma': ITEM, [migration(INIT)]: ITEM_TABLE, 'node_modules/.keep': '' })
    const first = await check({}, { cwd: repo.dir })
    expect(first.findings.map((f) => f.command)).toEqual([`npx --no -- electrify inject ${INIT}`])
    expect((await check({}, { cwd: repo.dir })).timingsMs.schema).toBe(0) // kept
    await repo.git('add', '-A')
    await repo.git('commit', '-q', '-m', 'init')
    // Committed now: never appended to, so the fix is a new migration; the kept outcome no longer holds.
    const committed = await check({}, { cwd: repo.dir })
    expect(committed.timingsMs.schema).toBeGreaterThan(0)
    expect(committed.findings.map((f) => f.command)).toEqual(['npx --no -- electrify inject --new'])
  })
})
