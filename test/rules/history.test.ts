import { beforeAll, describe, expect, it } from 'vitest'
import { analyzeMigration, type AnalyzedMigration } from '../../src/migrations/analyze-migration.js'
import { historyFindings, type HistoryRuleFinding } from '../../src/rules/index.js'
import { loadSqlParser } from '../../src/sql/statements.js'

beforeAll(() => loadSqlParser())

const INIT = `-- CreateEnum
CREATE TYPE "Role" AS ENUM ('reader', 'writer');
CREATE TYPE "Mood" AS ENUM ('ok', 'not ok');

-- CreateTable
CREATE TABLE "User" (
    "id" TEXT NOT NULL,
    "email" TEXT NOT NULL,
    CONSTRAINT "User_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "Post" (
    "id" TEXT NOT NULL,
    "title" TEXT NOT NULL,
    "authorId" TEXT NOT NULL,
    CONSTRAINT "Post_pkey" PRIMARY KEY ("id")
);

-- CreateTable
CREATE TABLE "AuditLog" ("id" SERIAL NOT NULL, CONSTRAINT "AuditLog_pkey" PRIMARY KEY ("id"));

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id") ON DELETE RESTRICT ON UPDATE CASCADE;

ALTER TABLE "User" ENABLE ELECTRIC;
ALTER TABLE "Post" ENABLE ELECTRIC;
`

function migration(name: string, sql: string): AnalyzedMigration {
  return analyzeMigration({ name, file: `/app/prisma/migrations/${name}/migration.sql`, sql })
}

function lineOf(sql: string, text: string): number {
  return sql.split('\n').findIndex((l) => l.includes(text)) + 1
}

function findingsAfterInit(sql: string): HistoryRuleFinding[] {
  return historyFindings([migration('20240101000000_init', INIT), migration('20240202000000_next', sql)])
}

describe('historyFindings: additive-only changes to electrified tables', () => {
  it('accepts what Electric accepts: new columns without default or modifier, indexes, enums, any change to other tables', () => {
    const sql = `ALTER TABLE "Post" ADD COLUMN "body" TEXT, ADD COLUMN "views" INTEGER NOT NULL, ADD COLUMN "at" TIMESTAMP, ADD COLUMN "role" "Role";
CREATE UNIQUE INDEX "Post_title_key" ON "Post"("title");
DROP INDEX "Post_title_key";
ALTER INDEX "User_pkey" RENAME TO "User_pk";
ALTER TABLE "AuditLog" ADD COLUMN "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "AuditLog" DROP COLUMN "at";
DROP TABLE "AuditLog";
ALTER TABLE "Post" ENABLE ELECTRIC;`
    expect(findingsAfterInit(sql)).toEqual([])
  })

  it.each([
    ['ALTER TABLE "Post" ADD COLUMN "publishedAt" TIMESTAMP(3)', 'additive/column-type', 'EX005', 'adds column "publishedAt" of type timestamp(3)', /`@db.Timestamp` with no argument/],
    ['ALTER TABLE "Post" ADD COLUMN "price" DECIMAL(65,30) NOT NULL', 'additive/column-type', 'EX005', 'of type numeric(65,30)', /Use `Float`/],
    ['ALTER TABLE "Post" ADD COLUMN "code" VARCHAR(191)', 'additive/column-type', 'EX005', 'of type varchar(191)', /VARCHAR instead of VARCHAR\(191\)/],
    ['ALTER TABLE "Post" ADD COLUMN "tags" TEXT[]', 'additive/column-type', 'EX005', 'of type text[]', /new electrified model/],
    ['ALTER TABLE "Post" ADD COLUMN "doc" JSON', 'additive/column-type', 'EX005', 'of type json', /without `@db.Json`/],
    ['ALTER TABLE "Post" ADD COLUMN "mood" "Mood"', 'additive/column-type', 'EX016', 'of enum type "Mood" with label "not ok"', /Rename the enum's labels/],
    ['ALTER TABLE "Post" ADD COLUMN "n" INTEGER NOT NULL DEFAULT 0', 'additive/column-default', 'EX006', 'adds column "n" with a DEFAULT to', /Remove `@default/],
    ['ALTER TABLE "Post" ADD COLUMN "slug" TEXT UNIQUE', 'additive/column-constraint', 'EX011', 'with a UNIQUE constraint', /without the constraint/],
    ['ALTER TABLE "Post" DROP COLUMN "title"', 'additive/drop-column', 'EX010', 'drops column "title" of "Post"', /Keep the field/],
    ['ALTER TABLE "Post" ALTER COLUMN "title" SET DATA TYPE VARCHAR(20)', 'additive/alter-column', 'EX009', 'changes the type of column "title"', /add a new field/],
    ['ALTER TABLE "Post" ALTER COLUMN "title" SET DEFAULT \'x\'', 'additive/alter-column', 'EX007', 'changes the DEFAULT of column "title"', /Remove the `@default/],
    ['ALTER TABLE "Post" ALTER COLUMN "title" DROP NOT NULL', 'additive/alter-column', 'EX007', 'changes whether column "title" may be NULL on "Post"', /optionality/],
    ['ALTER TABLE "Post" ADD CONSTRAINT "Post_other_fkey" FOREIGN KEY ("title") REFERENCES "User"("id")', 'additive/add-constraint', 'EX007', 'adds a FOREIGN KEY constraint to "Post"', /new model/],
    ['ALTER TABLE "Post" DROP CONSTRAINT "Post_authorId_fkey"', 'additive/drop-constraint', 'EX007', 'drops constraint "Post_authorId_fkey" of', /Keep the relation/],
    ['ALTER TABLE "Post" RENAME COLUMN "title" TO "headline"', 'additive/rename', 'EX008', 'renames column "title" (to "headline") of "Post"', /@map\("title"\)/],
    ['ALTER TABLE "Post" RENAME CONSTRAINT "Post_pkey" TO "Post_pk"', 'additive/rename', 'EX012', 'renames constraint "Post_pkey"', /map: "Post_pkey"/],
    ['ALTER TABLE "Post" RENAME TO "Article"', 'additive/rename', 'EX002', 'renames (to "Article") "Post"', /@@map\("Post"\)/],
    ['ALTER TABLE "Post" SET SCHEMA "archive"', 'additive/rename', 'EX100', 'moves (to schema "archive") "Post"', /@@schema/],
    ['DROP TABLE "Post"', 'additive/drop-table', 'EX100', 'drops "Post", electrified in migration 20240101000000_init', /Keep the model/],
  ])('%s → %s', (statement, code, electricCode, what, hint) => {
    const sql = `-- a comment\n\n${statement};\n`
    const [finding, ...more] = findingsAfterInit(sql)
    expect(more).toEqual([])
    expect(finding).toMatchObject({
      severity: 'error',
      code,
      electricCode,
      file: '/app/prisma/migrations/20240202000000_next/migration.sql',
      line: 3,
      migration: '20240202000000_next',
      table: 'public.Post',
    })
    expect(finding!.message).toContain(what)
    expect(finding!.message).toContain(`(Electric answers ${electricCode})`)
    expect(finding!.message).toContain(`\`${statement}\``)
    expect(finding!.hint).toMatch(hint)
  })

  it('reports every offending command of one statement', () => {
    const findings = findingsAfterInit('ALTER TABLE "Post" DROP COLUMN "title", ADD COLUMN "at" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP;')
    expect(findings.map((f) => f.code)).toEqual(['additive/drop-column', 'additive/column-type', 'additive/column-default'])
  })

  it('follows renames, drops and re-creation of tables through the history', () => {
    const history = [
      migration('1_init', INIT),
      migration('2_drop', 'DROP TABLE "Post";'), // itself an error
      migration('3_again', 'CREATE TABLE "Post" ("id" TEXT NOT NULL PRIMARY KEY, "title" TEXT);\nALTER TABLE "Post" DROP COLUMN "title";'),
      migration('4_unelectrified_rename', 'ALTER TABLE "Post" RENAME TO "Article";\nALTER TABLE "Article" ENABLE ELECTRIC;'),
      migration('5_change', 'ALTER TABLE "Article" DROP COLUMN "id";'),
    ]
    expect(historyFindings(history).map((f) => [f.migration, f.code, f.line])).toEqual([
      ['2_drop', 'additive/drop-table', 1],
      ['5_change', 'additive/drop-column', 1],
    ])
  })

  it('knows tables electrified with CALL electric.electrify', () => {
    const history = [
      migration('1_init', 'CREATE TABLE items (id text PRIMARY KEY, x text);\nCALL electric.electrify(\'items\');'),
      migration('2_change', 'ALTER TABLE items DROP COLUMN x;'),
    ]
    expect(historyFindings(history).map((f) => f.code)).toEqual(['additive/drop-column'])
  })

  it('checks statements later in the migration that electrifies the table, and says to move the ENABLE', () => {
    const sql = `CREATE TABLE "Tag" ("id" TEXT NOT NULL, CONSTRAINT "Tag_pkey" PRIMARY KEY ("id"));
ALTER TABLE "Tag" ENABLE ELECTRIC;
ALTER TABLE "Tag" ADD COLUMN "at" TIMESTAMP(3);`
    const [finding] = findingsAfterInit(sql)
    expect(finding).toMatchObject({ code: 'additive/column-type', line: 3 })
    expect(finding!.message).toContain('electrified in line 2 of this migration')
    expect(finding!.hint).toContain('move its ENABLE ELECTRIC (line 2) to the very end of the migration')
  })
})

describe('historyFindings: DDLX placement', () => {
  it('reports an ENABLE that sits before a foreign key on the same table (EX007)', () => {
    const sql = `CREATE TABLE "User" ("id" TEXT NOT NULL, CONSTRAINT "User_pkey" PRIMARY KEY ("id"));
CREATE TABLE "Post" ("id" TEXT NOT NULL, "authorId" TEXT NOT NULL, CONSTRAINT "Post_pkey" PRIMARY KEY ("id"));
ALTER TABLE "User" ENABLE ELECTRIC;
ALTER TABLE "Post" ENABLE ELECTRIC;

-- AddForeignKey
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id");
`
    const findings = historyFindings([migration('1_init', sql)])
    expect(findings).toHaveLength(1)
    expect(findings[0]).toMatchObject({ severity: 'error', code: 'placement/enable-before-foreign-key', electricCode: 'EX007', line: lineOf(sql, 'ADD CONSTRAINT'), table: 'public.Post' })
    expect(findings[0]!.hint).toBe('Move `ALTER TABLE "Post" ENABLE ELECTRIC;` (line 4) to the very end of the migration, after every foreign key.')
  })

  it('accepts ENABLE at the end, and a foreign key pointing *at* an electrified table', () => {
    const sql = `CREATE TABLE "User" ("id" TEXT NOT NULL PRIMARY KEY);
ALTER TABLE "User" ENABLE ELECTRIC;
CREATE TABLE "Post" ("id" TEXT NOT NULL PRIMARY KEY, "authorId" TEXT NOT NULL);
ALTER TABLE "Post" ADD CONSTRAINT "Post_authorId_fkey" FOREIGN KEY ("authorId") REFERENCES "User"("id");
ALTER TABLE "Post" ENABLE ELECTRIC;`
    expect(historyFindings([migration('1_init', sql)])).toEqual([])
  })

  it('calls a foreign key on a table electrified in an earlier migration an additive-only error, not a placement one', () => {
    const findings = findingsAfterInit('ALTER TABLE "User" ADD CONSTRAINT "User_self_fkey" FOREIGN KEY ("email") REFERENCES "User"("id");')
    expect(findings.map((f) => f.code)).toEqual(['additive/add-constraint'])
  })
})
