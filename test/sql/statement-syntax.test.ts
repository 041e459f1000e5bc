import { beforeAll, describe, expect, test } from 'vitest'
import { analyzeMigration, unparsedStatementFindings } from '../../src/migrations/analyze-migration.js'
import { unparsedSyntaxErrors } from '../../src/sql/statement-syntax.js'
import { loadSqlParser, splitStatements } from '../../src/sql/statements.js'

beforeAll(() => loadSqlParser())

describe('unparsedSyntaxErrors: the statements the analysis does not parse, checked for what Postgres would refuse', () => {
  test('a syntax error in a data statement is found, with its line and the message; valid ones and parsed ones are not reported', () => {
    const sql = `CREATE TABLE "Tag" ("id" TEXT PRIMARY KEY);\nINSERT INTO "Tag" VALUES ('a');\nINSERT INTO "Tag" VALUES ('b',,\n 'c');\nUPDATE "Tag" SET "id" = 'x';\n`
    const statements = splitStatements(sql)
    expect(statements.filter((s) => !s.ast).map((s) => s.line)).toEqual([2, 3, 5]) // not parsed by the analysis
    const errors = unparsedSyntaxErrors(sql, statements)
    expect(errors).toHaveLength(1)
    expect(errors[0]).toMatchObject({ kind: 'invalid', line: 3, error: { line: 3, message: 'syntax error at or near ","' } })
  })

  test('in a text of several batches (more than 1 MB), every broken statement is found, in order', () => {
    const rows = Array.from({ length: 30000 }, (_, i) => (i === 5 || i === 29000 ? `INSERT INTO "T" VALUES (${i},, 'x');` : `INSERT INTO "T" VALUES (${i}, 'some text to make it longer');`))
    const sql = rows.join('\n')
    expect(sql.length).toBeGreaterThan(1 << 20)
    expect(unparsedSyntaxErrors(sql, splitStatements(sql)).map((s) => s.line)).toEqual([6, 29001])
  })

  test('as findings of a migration: migration/invalid-statement (a warning; the pending gate makes it an error)', async () => {
    const source = { name: '1_data', file: '/app/1/migration.sql', sql: `\uFEFFINSERT INTO "T" VALUES (1,);\nCREATE INDEX "i" ON "T"("a");\n` }
    const migration = { ...analyzeMigration(source), sql: source.sql }
    expect(migration.findings).toEqual([]) // the history's check does not parse data statements
    expect(await unparsedStatementFindings([migration])).toEqual([
      expect.objectContaining({ severity: 'warning', code: 'migration/invalid-statement', file: '/app/1/migration.sql', line: 1 }),
    ])
  })
})
