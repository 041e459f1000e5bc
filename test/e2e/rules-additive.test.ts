/**
 * Additive-only changes and DDLX placement end to end: electrify stops a migration that changes an
 * electrified table in a way Electric rejects before it is applied (the one Prisma just created, or a
 * pending one written by hand), naming the migration file:line and statement.
 */
import { mkdir, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { testProxies } from '../harness/in-test.js'
import { failed, lineIn, ok, rulesApp } from '../rules/e2e-helpers.js'

const proxy = testProxies() // a stand-in per test, in front of the test's own database (Electric serves one)

const INIT = `
/// @electric
model User {
  id    String  @id @default(uuid())
  email String
  name  String?
  posts Post[]
}

/// @electric
model Post {
  id       String @id @default(uuid())
  title    String
  authorId String
  author   User   @relation(fields: [authorId], references: [id])
}

/// @electric
model Tag {
  id   String @id @default(uuid())
  name String
}
`

describe('additive-only changes to electrified tables', () => {
  test('the migration Prisma just created is stopped before it is applied, with every offending statement at its line', async () => {
    const { app, run, json, setSchema, electrified, applied, migrationSql } = await rulesApp(proxy, INIT)
    ok(await run(['--name', 'init']))
    const [init] = await app.migrations()
    expect(await electrified()).toEqual(['Post', 'Tag', 'User'])

    await setSchema(`
/// @electric
model User {
  id    String  @id @default(uuid())
  email String?
  posts Post[]
}

/// @electric
model Post {
  id          String    @id @default(uuid())
  title       String    @db.VarChar
  publishedAt DateTime?
  authorId    String
  author      User      @relation(fields: [authorId], references: [id])
  categoryId  String?
  category    Category? @relation(fields: [categoryId], references: [id])
}

/// @electric
model Category {
  id    String @id @default(uuid())
  posts Post[]
}
`)
    const result = failed(await run(['--name', 'reshape']))
    const migrations = await app.migrations()
    expect(migrations).toHaveLength(2)
    const reshape = migrations[1]!
    const sql = await migrationSql(reshape)
    const at = (text: string) => `prisma/migrations/${reshape}/migration.sql:${lineIn(sql, text)}: error[`
    expect(result.stderr).toContain(`${at('DROP COLUMN "name"')}additive/drop-column] \`ALTER TABLE "User" DROP COLUMN "name", ALTER COLUMN "email" DROP NOT NULL\` drops column "name" of "User", electrified in migration ${init} (Electric answers EX010).`)
    expect(result.stderr).toContain(`${at('DROP COLUMN "name"')}additive/alter-column] \`ALTER TABLE "User" DROP COLUMN "name", ALTER COLUMN "email" DROP NOT NULL\` changes whether column "email" may be NULL on "User"`)
    expect(result.stderr).toContain(`${at('ALTER TABLE "Post" ADD COLUMN')}additive/alter-column]`)
    expect(result.stderr).toContain(
      `${at('ALTER TABLE "Post" ADD COLUMN')}additive/column-type] \`ALTER TABLE "Post" ADD COLUMN "categoryId" TEXT, ADD COLUMN "publishedAt" TIMESTAMP(3), ALTER COLUMN "title" SET DATA TYPE VARCHAR\` adds column "publishedAt" of type timestamp(3), which Electric does not accept for a new column, to "Post", electrified in migration ${init} (Electric answers EX005).`,
    )
    expect(result.stderr).toContain('fix: A column added to an electrified table cannot have a type modifier: give the new field `@db.Timestamp` with no argument')
    expect(result.stderr).toContain(`${at('DROP TABLE "Tag"')}additive/drop-table] \`DROP TABLE "Tag"\` drops "Tag", electrified in migration ${init} (Electric answers EX100).`)
    expect(result.stderr).toContain(`${at('ADD CONSTRAINT "Post_categoryId_fkey"')}additive/add-constraint]`)
    expect(result.stderr).toMatch(new RegExp(`error\\[rules/migration-rejected\\] ${reshape} changes electrified tables in ways Electric rejects \\(6 problems\\); it was created but not applied`))
    // The migration is complete (DDLX appended) and nothing of it was applied.
    expect(sql).toContain('ALTER TABLE "Category" ENABLE ELECTRIC;')
    expect(await applied()).toEqual([init])
    expect(await electrified()).toEqual(['Post', 'Tag', 'User'])

    // A re-run checks the pending migration before Prisma could apply it; --json carries the findings.
    const again = await json(['--name', 'again'])
    failed(again.result)
    expect(again.doc).toMatchObject({ ok: false, error: { code: 'rules/history-rejected', line: lineIn(sql, 'ALTER TABLE "Post" ADD COLUMN') } })
    expect(again.doc.findings.filter((f) => f.severity === 'error').map((f) => [f.code, f.electricCode, f.migration, f.line])).toEqual([
      ['additive/column-type', 'EX005', reshape, lineIn(sql, 'ALTER TABLE "Post" ADD COLUMN')],
      ['additive/alter-column', 'EX009', reshape, lineIn(sql, 'ALTER TABLE "Post" ADD COLUMN')],
      ['additive/drop-column', 'EX010', reshape, lineIn(sql, 'DROP COLUMN "name"')],
      ['additive/alter-column', 'EX007', reshape, lineIn(sql, 'DROP COLUMN "name"')],
      ['additive/drop-table', 'EX100', reshape, lineIn(sql, 'DROP TABLE "Tag"')],
      ['additive/add-constraint', 'EX007', reshape, lineIn(sql, 'ADD CONSTRAINT "Post_categoryId_fkey"')],
    ])
    expect(await app.migrations()).toEqual([init, reshape])
    expect(await applied()).toEqual([init])
  })

  test('a pending migration written by hand: ENABLE before a foreign key, a DEFAULT, a rename, a UNIQUE column: stopped before Prisma runs; with --no-preflight the proxy answers EX007, explained', async () => {
    const { app, run, json, setSchema, electrified, applied, forget } = await rulesApp(proxy, INIT)
    ok(await run(['--name', 'init']))
    const [init] = await app.migrations()
    const handWritten = '20990101000000_by_hand'
    const sql = `-- written by hand
CREATE TABLE "Note" ("id" TEXT NOT NULL, "postId" TEXT NOT NULL, CONSTRAINT "Note_pkey" PRIMARY KEY ("id"));
ALTER TABLE "Note" ENABLE ELECTRIC;
ALTER TABLE "Note" ADD CONSTRAINT "Note_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id");
ALTER TABLE "Post" ADD COLUMN "views" INTEGER NOT NULL DEFAULT 0;
ALTER TABLE "Post" RENAME COLUMN "title" TO "headline";
ALTER TABLE "Post" ADD COLUMN "slug" TEXT UNIQUE;
`
    await mkdir(path.join(app.migrationsDir, handWritten))
    await writeFile(path.join(app.migrationsDir, handWritten, 'migration.sql'), sql)

    const { result, doc } = await json(['--name', 'next'])
    failed(result)
    expect(doc.error).toMatchObject({ code: 'rules/history-rejected', line: 4 })
    // The findings `electrify check` gives for that migration, its warning included, in line order.
    expect(doc.findings.map((f) => [f.code, f.electricCode, f.line])).toEqual([
      ['check/electrified-without-model', undefined, 3],
      ['placement/enable-before-foreign-key', 'EX007', 4],
      ['additive/column-default', 'EX006', 5],
      ['additive/rename', 'EX008', 6],
      ['additive/column-constraint', 'EX011', 7],
    ])
    expect(doc.findings[1]!.hint).toBe('Move `ALTER TABLE "Note" ENABLE ELECTRIC;` (line 3) to the very end of the migration, after every foreign key.')
    expect(await app.migrations()).toEqual([init, handWritten]) // Prisma did not run: no new migration
    expect(await applied()).toEqual([init])

    // The proxy agrees: Prisma applies the pending migration first, the proxy refuses it, electrify explains.
    const rejected = failed(await run(['--name', 'next', '--no-preflight']))
    expect(rejected.stderr).toMatch(/error\[migrate\/prisma-failed\] prisma migrate dev --create-only failed: Electric refused to alter column "postId" of the electrified table "Note": .* \(EX007\)\./)
    expect(rejected.stderr).toMatch(/\n {2}Electric answered: (ERROR: )?Cannot alter column "postId" of electrified table "public"."Note"/)
    expect(rejected.stderr).toMatch(/fix: If the table is new, move its `ENABLE ELECTRIC` to the very end of the migration, after its foreign keys/)
    expect(await app.migrations()).toEqual([init, handWritten])
    expect(await electrified()).toEqual(['Post', 'Tag', 'User'])
    await forget(handWritten)

    // Fixed by hand (ENABLE moved to the end, nothing else), with the model in the schema: both agree it is fine.
    await mkdir(path.join(app.migrationsDir, handWritten))
    await writeFile(
      path.join(app.migrationsDir, handWritten, 'migration.sql'),
      `CREATE TABLE "Note" ("id" TEXT NOT NULL, "postId" TEXT NOT NULL, CONSTRAINT "Note_pkey" PRIMARY KEY ("id"));
ALTER TABLE "Note" ADD CONSTRAINT "Note_postId_fkey" FOREIGN KEY ("postId") REFERENCES "Post"("id") ON DELETE RESTRICT ON UPDATE CASCADE;
ALTER TABLE "Note" ENABLE ELECTRIC;
`,
    )
    await setSchema(
      `${INIT.replace('  author   User   @relation(fields: [authorId], references: [id])', '  author   User   @relation(fields: [authorId], references: [id])\n  notes    Note[]')}
/// @electric
model Note {
  id     String @id @default(uuid())
  postId String
  post   Post   @relation(fields: [postId], references: [id])
}
`,
    )
    const fixed = ok(await run(['--name', 'next']))
    expect(fixed.stdout).toMatch(/in sync/)
    expect(await app.migrations()).toEqual([init, handWritten])
    expect(await applied()).toEqual([init, handWritten])
    expect(await electrified()).toEqual(['Note', 'Post', 'Tag', 'User'])
  })
})
