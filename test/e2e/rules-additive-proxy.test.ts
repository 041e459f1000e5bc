/**
 * Each additive-only rule twice, on one electrified app: electrify stops the migration Prisma created
 * (or the schema) before anything is applied; with --no-preflight the proxy stand-in refuses it and
 * electrify explains the answer. Both name the same Electric code.
 */
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { failed, ok, sharedRulesApp, type SharedRulesApp } from '../rules/e2e-helpers.js'


const USER = `/// @electric
model User {
  id    String  @id @default(uuid())
  email String
  name  String?
  posts Post[]
}
`
const POST = `/// @electric
model Post {
  id       String @id @default(uuid())
  title    String
  authorId String
  author   User   @relation(fields: [authorId], references: [id])
}
`
const TAG = `/// @electric
model Tag {
  id   String @id @default(uuid())
  name String
}
`
const INIT = `${USER}\n${POST}\n${TAG}`

const CHANGES: Array<{ what: string; schema: string; rule: string; electricCode: string; sentence: RegExp }> = [
  {
    what: 'a field removed from an electrified model',
    schema: INIT.replace('  name  String?\n', ''),
    rule: 'additive/drop-column',
    electricCode: 'EX010',
    sentence: /Electric refused to drop column "name" of the electrified table "User": Electric only allows adding columns/,
  },
  {
    what: 'a required field made optional',
    schema: INIT.replace('  email String\n', '  email String?\n'),
    rule: 'additive/alter-column',
    electricCode: 'EX007',
    sentence: /Electric refused to alter column "email" of the electrified table "User"/,
  },
  {
    what: 'a DateTime field added (Prisma writes TIMESTAMP(3))',
    schema: INIT.replace('  title    String\n', '  title    String\n  publishedAt DateTime?\n'),
    rule: 'additive/column-type',
    electricCode: 'EX005',
    sentence: /Electric refused a column of type timestamp\(3\): a column added to an electrified table needs a supported type without a type modifier/,
  },
  {
    what: 'a field type changed',
    schema: INIT.replace('  title    String\n', '  title    String @db.VarChar\n'),
    rule: 'additive/alter-column',
    electricCode: 'EX009',
    sentence: /Electric refused to change the type of column "title" of the electrified table "Post"/,
  },
  {
    what: 'an electrified model removed',
    schema: `${USER}\n${POST}`,
    rule: 'additive/drop-table',
    electricCode: 'EX100',
    sentence: /Electric refused to drop the electrified table "Tag"/,
  },
  {
    what: 'a relation added from an electrified model',
    schema: `${USER}\n${POST.replace('}\n', '  categoryId String?\n  category   Category? @relation(fields: [categoryId], references: [id])\n}\n')}\n${TAG}\n/// @electric\nmodel Category {\n  id    String @id @default(uuid())\n  posts Post[]\n}\n`,
    rule: 'additive/add-constraint',
    electricCode: 'EX007',
    sentence: /Electric refused to alter column "categoryId" of the electrified table "Post"/,
  },
  {
    what: 'a primary key constraint renamed with map:',
    schema: INIT.replace('  id       String @id @default(uuid())\n  title', '  id       String @id(map: "Post_pk") @default(uuid())\n  title'),
    rule: 'additive/rename',
    electricCode: 'EX012',
    sentence: /Electric refused to rename constraint "Post_pkey" of the electrified table "Post"/,
  },
  {
    what: 'a field with a default added (caught by pre-flight already)',
    schema: INIT.replace('  title    String\n', '  title    String\n  views    Int @default(0)\n'),
    rule: 'preflight/database-default',
    electricCode: 'EX006',
    sentence: /Electric refused a column with a database DEFAULT on an electrified table/,
  },
]

describe('each additive-only rule: electrify and the proxy agree', () => {
  // One electrified app for all the changes (electrifying it takes a Prisma run): each case starts
  // from its first migration alone.
  let rules: SharedRulesApp | undefined
  let init: string | undefined
  beforeAll(async () => {
    rules = await sharedRulesApp(INIT)
    ok(await rules.run(['--name', 'init']))
    ;[init] = await rules.app.migrations()
  })
  afterAll(() => rules?.remove())

  test.each(CHANGES.map((change, index) => [`${change.rule}: ${change.what}`, { ...change, index }] as const))('%s', { timeout: 120_000 }, async (_, { index, what, schema, rule, electricCode, sentence }) => {
    const { app, run, json, setSchema, forget, electrified, applied } = rules!
    for (const migration of (await app.migrations()).filter((m) => m !== init)) await forget(migration) // left by a case that failed
    await setSchema(schema)
    const name = `change_${index}`
    const caught = await json(['--name', name])
    failed(caught.result)
    const finding = caught.doc.findings.find((f) => f.code === rule)
    expect(finding, `${what}: ${caught.result.stdout}`).toMatchObject({ severity: 'error', electricCode })
    for (const migration of (await app.migrations()).filter((m) => m !== init)) await forget(migration) // created, not applied

    const rejected = failed(await run(['--name', name, '--no-preflight']))
    const [, migration] = await app.migrations()
    expect(rejected.stderr, what).toMatch(new RegExp(`error\\[migrate/apply-failed\\] applying ${migration} through the proxy failed: `))
    expect(rejected.stderr, what).toMatch(sentence)
    expect(rejected.stderr, what).toContain(`(${electricCode}).\n  Electric answered: `)
    expect(await applied(), what).toEqual([init])
    expect(await electrified(), what).toEqual(['Post', 'Tag', 'User'])
    await forget(migration!)
  })
})
