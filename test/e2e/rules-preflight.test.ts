/**
 * Electric's table rules end to end: pre-flight catches each one before Prisma runs; with
 * --no-preflight the proxy stand-in rejects the same model when ENABLE runs, and electrify explains
 * its answer. Both sides name the same Electric code.
 */
import { rm } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { testProxies } from '../harness/in-test.js'
import { withClient } from '../harness/postgres.js'
import { DATASOURCE, failed, lineIn, ok, rulesApp, type JsonFinding } from '../rules/e2e-helpers.js'

const proxy = testProxies() // a stand-in per test, in front of the test's own database (Electric serves one)

const MULTI_SCHEMA = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
  schemas  = ["public", "auth"]
}
`

/** One annotated model per rule, each breaking only that rule. */
const BROKEN = `
enum Mood {
  ok
  not_ok @map("not ok")
}

/// @electric
model Account {
  id String @id @default(uuid())
  @@schema("auth")
}

/// @electric
model NoKey {
  email String @unique
  @@schema("public")
}

/// @electric
model Counter {
  id String @id @default(uuid())
  n  Int    @default(autoincrement())
  @@schema("public")
}

/// @electric
model Price {
  id     String  @id @default(uuid())
  amount Decimal
  @@schema("public")
}

/// @electric
model Feeling {
  id   String @id @default(uuid())
  mood Mood
  @@schema("public")
}

model Owner {
  id     String  @id @default(uuid())
  things Thing[]
  @@schema("public")
}

/// @electric
model Thing {
  id      String @id @default(uuid())
  ownerId String
  owner   Owner  @relation(fields: [ownerId], references: [id])
  @@schema("public")
}
`.replace('enum Mood {', 'enum Mood {\n  @@schema("public")')

/** Each rule alone: the model that breaks it, and what the proxy answers with --no-preflight. */
const ALONE: Array<{ rule: string; electricCode: string; datasource?: string; models: string; sentence: RegExp }> = [
  {
    rule: 'preflight/schema-not-public',
    electricCode: 'EX014',
    datasource: MULTI_SCHEMA,
    models: `/// @electric\nmodel Account {\n  id String @id @default(uuid())\n  @@schema("auth")\n}\n`,
    sentence: /Electric refused to electrify "auth"."Account" because it is not in the "public" schema \(EX014\)\./,
  },
  {
    rule: 'preflight/no-primary-key',
    electricCode: 'EX015',
    models: `/// @electric\nmodel NoKey {\n  email String @unique\n}\n`,
    sentence: /Electric refused to electrify "NoKey" because it has no primary key \(EX015\)\./,
  },
  {
    rule: 'preflight/database-default',
    electricCode: 'EX006',
    models: `/// @electric\nmodel Counter {\n  id String @id @default(uuid())\n  n  Int    @default(autoincrement())\n  at DateTime @default(now())\n}\n`,
    sentence: /Electric refused to electrify "Counter" because columns have a database DEFAULT \(n, at\) \(EX006\)\./,
  },
  {
    rule: 'preflight/unsupported-type',
    electricCode: 'EX005',
    models: `/// @electric\nmodel Price {\n  id     String  @id @default(uuid())\n  amount Decimal\n  code   String  @db.VarChar(3)\n  tags   String[]\n  doc    Json    @db.Json\n}\n`,
    sentence: /Electric refused to electrify "Price" because of column types it does not support \(amount numeric\(65,30\), code character varying\(3\), tags text\[\], doc json\) \(EX005\)\./,
  },
  {
    rule: 'preflight/enum-label',
    electricCode: 'EX016',
    models: `enum Mood {\n  ok\n  not_ok @map("not ok")\n}\n\n/// @electric\nmodel Feeling {\n  id   String @id @default(uuid())\n  mood Mood\n}\n`,
    sentence: /Electric refused the enum "public"."Mood" because of the labels \["not ok"\]/,
  },
]

describe('pre-flight of annotated models', () => {
  test('stops before Prisma runs or the proxy is reached, naming every broken rule with model, field, file:line and fix', async () => {
    const { app, run, json, schemaFile } = await rulesApp(proxy, BROKEN, MULTI_SCHEMA)
    const schema = `${MULTI_SCHEMA}${BROKEN}`
    // The proxy URL does not even need to answer: pre-flight comes first.
    const result = failed(await run(['--name', 'init', '--proxy-url', 'postgresql://postgres:x@127.0.0.1:9/db']))
    const at = (text: string) => `prisma/schema.prisma:${lineIn(schema, text)}: error[`
    const stderr = result.stderr
    expect(stderr).toContain(`${at('model Account')}preflight/schema-not-public] model Account is in the database schema "auth"`)
    expect(stderr).toContain(`${at('model NoKey')}preflight/no-primary-key] model NoKey has no primary key`)
    expect(stderr).toContain(`${at('n  Int')}preflight/database-default] Counter.n: \`@default(autoincrement())\``)
    expect(stderr).toContain('fix: Remove `@default(autoincrement())` and set n in your app; where you need a unique value, use `String @default(uuid())` instead of `autoincrement()`.')
    expect(stderr).toContain(`${at('amount Decimal')}preflight/unsupported-type] Price.amount: \`Decimal\` becomes DECIMAL(65,30)`)
    expect(stderr).toContain(`${at('mood Mood')}preflight/enum-label] Feeling.mood: enum Mood (line ${lineIn(schema, 'not_ok')}) has database label "not ok"`)
    expect(stderr).toContain(`${at('owner   Owner')}preflight/foreign-key-target] Thing.owner: the foreign key (ownerId) points at model Owner`)
    expect(stderr).toMatch(/prisma\/schema\.prisma:\d+: warning\[preflight\/unique\] NoKey\.email is `@unique`/)
    expect(stderr).toMatch(/error\[rules\/preflight-failed\] 6 problems in annotated models break Electric's rules; nothing was run/)
    expect(stderr).not.toContain('cannot reach the Electric proxy')
    expect(await app.migrations()).toEqual([])

    const { result: jsonResult, doc } = await json(['--name', 'init'])
    failed(jsonResult)
    expect(doc).toMatchObject({ ok: false, error: { code: 'rules/preflight-failed' } })
    const errors = doc.findings.filter((f) => f.severity === 'error')
    expect(errors.map((f) => [f.code, f.model, f.field, f.file, f.line, f.electricCode])).toEqual([
      ['preflight/schema-not-public', 'Account', undefined, schemaFile, lineIn(schema, 'model Account'), 'EX014'],
      ['preflight/no-primary-key', 'NoKey', undefined, schemaFile, lineIn(schema, 'model NoKey'), 'EX015'],
      ['preflight/database-default', 'Counter', 'n', schemaFile, lineIn(schema, 'n  Int'), 'EX006'],
      ['preflight/unsupported-type', 'Price', 'amount', schemaFile, lineIn(schema, 'amount Decimal'), 'EX005'],
      ['preflight/enum-label', 'Feeling', 'mood', schemaFile, lineIn(schema, 'mood Mood'), 'EX016'],
      ['preflight/foreign-key-target', 'Thing', 'owner', schemaFile, lineIn(schema, 'owner   Owner'), undefined],
    ])
    expect(errors.every((f) => f.hint && f.message)).toBe(true)
    expect(await app.migrations()).toEqual([])
  })

  test('warnings do not stop the run: @unique is applied (the proxy accepts a unique index) and reported in --json', async () => {
    const { json, electrified } = await rulesApp(proxy, `/// @electric\nmodel Item {\n  id   String @id @default(uuid())\n  slug String @unique\n}\n`)
    const { result, doc } = await json(['--name', 'init'])
    ok(result)
    expect(doc).toMatchObject({ ok: true, status: 'applied' })
    expect(doc.findings.map((f) => [f.severity, f.code, f.field])).toEqual([['warning', 'preflight/unique', 'slug']])
    expect(await electrified()).toEqual(['Item'])
  })

  test('a foreign key to a model that is not annotated: pre-flight stops; Electric 0.12 (and the stand-in) would accept it with --no-preflight', async () => {
    const models = `model Owner {\n  id     String  @id @default(uuid())\n  things Thing[]\n}\n\n/// @electric\nmodel Thing {\n  id      String @id @default(uuid())\n  ownerId String\n  owner   Owner  @relation(fields: [ownerId], references: [id])\n}\n`
    const { app, run, electrified } = await rulesApp(proxy, models)
    expect(failed(await run(['--name', 'init'])).stderr).toContain('error[preflight/foreign-key-target] Thing.owner')
    expect(await app.migrations()).toEqual([])
    ok(await run(['--name', 'init', '--no-preflight']))
    expect(await electrified()).toEqual(['Thing'])
  })
})

describe('the same rules with --no-preflight: the proxy rejects the model at ENABLE, electrify explains the answer', () => {
  describe('each rule: pre-flight and proxy name the same Electric code; the migration is rolled back and kept', () => {
    test.each(ALONE.map((alone, index) => [`${alone.rule} (${alone.electricCode})`, { ...alone, index }] as const))('%s', { timeout: 90_000 }, async (_, { index, rule, electricCode, datasource = DATASOURCE, models, sentence }) => {
      const { app, run, json, electrified, applied, migrationSql } = await rulesApp(proxy, models, datasource)
      const name = `rule_${index}`
      const caught = await json(['--name', name])
      failed(caught.result)
      const finding = caught.doc.findings.find((f: JsonFinding) => f.code === rule)
      expect(finding, `${rule}: ${caught.result.stdout}`).toMatchObject({ severity: 'error', electricCode })
      expect(await app.migrations()).toEqual([])

      const rejected = failed(await run(['--name', name, '--no-preflight']))
      const [migration] = await app.migrations()
      expect(migration, rule).toMatch(new RegExp(`_${name}$`))
      expect(rejected.stderr, rule).toMatch(new RegExp(`error\\[migrate/apply-failed\\] applying ${migration} through the proxy failed: `))
      expect(rejected.stderr, rule).toMatch(sentence)
      expect(rejected.stderr, rule).toMatch(/\n {2}Electric answered: (ERROR: )?Cannot electrify/)
      expect(rejected.stderr, rule).toMatch(/\n {2}fix: .+ Nothing of .+ was applied \(the proxy rolled it back\)/)
      expect(await migrationSql(migration!), rule).toContain('ENABLE ELECTRIC;')
      expect(await electrified()).toEqual([])
      expect(await applied()).toEqual([])
    })
  })

  test('--json carries the explained answer as a finding; the fix it gives works', async () => {
    const { app, json, run, setSchema, electrified, directUrl } = await rulesApp(proxy, ALONE[1]!.models)
    const { result, doc } = await json(['--name', 'init', '--no-preflight'])
    failed(result)
    expect(doc).toMatchObject({ ok: false, error: { code: 'migrate/apply-failed' } })
    expect(doc.error!.message).toMatch(/Electric refused to electrify "NoKey" because it has no primary key \(EX015\)\.\n {2}Electric answered: /)
    expect(doc.findings).toEqual([
      expect.objectContaining({ severity: 'error', code: 'proxy/EX015', electricCode: 'EX015', raw: expect.stringContaining('Cannot electrify "public"."NoKey" because it does not have a primary key') }),
    ])
    const [migration] = await app.migrations()
    expect(doc.error!.hint).toContain(`but Prisma recorded it as failed: change the schema, delete prisma/migrations/${migration} and Prisma's record of it`)

    // Prisma recorded the failure: the next run names the migration and what to do.
    const blocked = failed(await run(['--name', 'again', '--no-preflight']))
    expect(blocked.stderr).toContain(`error[migrate/prisma-failed] prisma migrate dev --create-only failed: Prisma recorded migration ${migration} as failed`)
    expect(blocked.stderr).toContain(`fix: change the schema, delete the folder ${migration} and Prisma's record of it (\`DELETE FROM _prisma_migrations WHERE migration_name = '${migration}'\`)`)

    // Doing what it says works.
    await setSchema(`/// @electric\nmodel NoKey {\n  email String @id\n}\n`)
    await rm(path.join(app.migrationsDir, migration!), { recursive: true })
    await withClient(directUrl, (c) => c.query(`DELETE FROM _prisma_migrations WHERE migration_name = '${migration}'`))
    ok(await run(['--name', 'init']))
    expect(await app.migrations()).toHaveLength(1)
    expect(await electrified()).toEqual(['NoKey'])
  })
})
