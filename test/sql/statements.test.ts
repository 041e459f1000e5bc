import { beforeAll, describe, expect, test } from 'vitest'
import { loadSqlParser, mayChangeTables, splitStatements } from '../../src/sql/statements.js'

beforeAll(() => loadSqlParser())

const summary = (sql: string) => splitStatements(sql).map((s) => ({ kind: s.kind, line: s.line, text: s.text }))

describe('splitStatements', () => {
  test('gives each statement its text and the line of its first token, skipping comments', () => {
    const sql = '-- CreateTable\nCREATE TABLE "A" (\n    "id" TEXT NOT NULL\n);\n\n-- CreateIndex\nCREATE INDEX "A_id" ON "A"("id");\n'
    expect(summary(sql)).toEqual([
      { kind: 'sql', line: 2, text: 'CREATE TABLE "A" (\n    "id" TEXT NOT NULL\n)' },
      { kind: 'sql', line: 7, text: 'CREATE INDEX "A_id" ON "A"("id")' },
    ])
  })

  test("keeps Prisma's Warnings header (with backticks and semicolons) out of the statements", () => {
    const sql = '/*\n  Warnings:\n\n  - You are about to drop the column `bio`; data will be lost.\n\n*/\n-- AlterTable\nALTER TABLE "User" DROP COLUMN "bio";\n'
    expect(summary(sql)).toEqual([{ kind: 'sql', line: 8, text: 'ALTER TABLE "User" DROP COLUMN "bio"' }])
  })

  test('keeps DO $$ … $$ bodies, strings and comments with semicolons whole, also next to DDLX', () => {
    const sql = [
      'DO $$',
      'BEGIN',
      "  RAISE NOTICE 'a;b';",
      'END',
      '$$;',
      "SELECT 'x;y' /* ; */;",
      'ALTER TABLE "T" ENABLE ELECTRIC;',
    ].join('\n')
    expect(summary(sql)).toEqual([
      { kind: 'sql', line: 1, text: "DO $$\nBEGIN\n  RAISE NOTICE 'a;b';\nEND\n$$" },
      { kind: 'sql', line: 6, text: "SELECT 'x;y'" },
      { kind: 'ddlx', line: 7, text: 'ALTER TABLE "T" ENABLE ELECTRIC' },
    ])
  })

  test('counts lines and offsets correctly after non-ASCII text and CRLF line ends', () => {
    const sql = 'CREATE TABLE "Überweisung" ("id" TEXT);\r\n\r\nALTER TABLE "Überweisung" ENABLE ELECTRIC;\r\nCREATE TABLE "日本" ("id" TEXT);'
    const statements = splitStatements(sql)
    expect(statements.map((s) => [s.kind, s.line])).toEqual([
      ['sql', 1],
      ['ddlx', 3],
      ['sql', 4],
    ])
    for (const s of statements) expect(sql.slice(s.start, s.end)).toBe(s.text)
    expect(statements[1].ddlx).toEqual({ kind: 'enable', table: { schema: 'public', name: 'Überweisung' } })
  })

  test('reports a statement Postgres rejects with the line it points at, and goes on', () => {
    const statements = splitStatements('CREATE TABLE a (id int);\nALTER TABLE a\n  ADD COLUMN WHERE;\nCREATE TABLE b (id int);')
    expect(statements.map((s) => s.kind)).toEqual(['sql', 'invalid', 'sql'])
    expect(statements[1].error).toEqual({ message: 'syntax error at or near "WHERE"', line: 3 })
  })

  test('an unterminated string makes the rest of the file one invalid statement, not a crash', () => {
    const statements = splitStatements("CREATE TABLE a (id int);\nSELECT 'oops;\nCREATE TABLE b (id int);\n")
    expect(statements.map((s) => [s.kind, s.line])).toEqual([
      ['sql', 1],
      ['invalid', 2],
    ])
    expect(statements[1].text).toBe("SELECT 'oops;\nCREATE TABLE b (id int);")
    expect(statements[1].error?.message).toMatch(/unterminated quoted string/)
    expect(statements[1].error?.line).toBe(2)
  })

  test('an unclosed parenthesis: each ; ends a statement again, so the statements after it are read', () => {
    const statements = splitStatements('CREATE TABLE a (id int;\nCREATE TABLE b (id int);\nINSERT INTO b VALUES (1);')
    expect(statements.map((s) => [s.kind, s.line, s.text])).toEqual([
      ['invalid', 1, 'CREATE TABLE a (id int'],
      ['sql', 2, 'CREATE TABLE b (id int)'],
      ['sql', 3, 'INSERT INTO b VALUES (1)'],
    ])
  })

  test("an empty migration (Prisma's comment only) has no statements", () => {
    expect(splitStatements('-- This is an empty migration.')).toEqual([])
  })
})

describe('only statements that can change tables are parsed', () => {
  test('data, function bodies, views, indexes, grants: kept as text, without a tree, and not checked', () => {
    const sql = [
      'CREATE TABLE "A" ("id" INT);',
      'INSERT INTO "A" VALUES (1), (2) ON CONFLICT DO NOTHING;',
      'UPDATE "A" SET "id" = "id" + 1 WHERE;', // invalid, but Postgres reports it when the migration runs
      "CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;",
      'CREATE MATERIALIZED VIEW v AS SELECT * FROM "A";',
      'CREATE UNIQUE INDEX CONCURRENTLY "A_id" ON "A"("id");',
      'GRANT SELECT ON "A" TO reporting;',
      'ALTER INDEX "A_id" RENAME TO "A_id_key";',
      'CREATE TEMP TABLE t AS SELECT 1;',
      'CREATE TYPE "Mood" AS ENUM (\'ok\');',
      'DROP VIEW v;',
      'SELEC 1;',
    ].join('\n')
    expect(splitStatements(sql).map((s) => [s.line, s.kind, s.ast ? Object.keys(s.ast)[0] : undefined])).toEqual([
      [1, 'sql', 'CreateStmt'],
      [2, 'sql', undefined],
      [3, 'sql', undefined],
      [4, 'sql', undefined],
      [5, 'sql', undefined],
      [6, 'sql', undefined],
      [7, 'sql', undefined],
      [8, 'sql', 'RenameStmt'],
      [9, 'sql', 'CreateTableAsStmt'],
      [10, 'sql', 'CreateEnumStmt'],
      [11, 'sql', 'DropStmt'],
      [12, 'invalid', undefined],
    ])
  })

  test.each([
    [['CREATE', 'TABLE'], true],
    [['CREATE', 'UNLOGGED', 'TABLE'], true],
    [['CREATE', 'GLOBAL', 'TEMPORARY', 'TABLE'], true],
    [['CREATE', 'TYPE'], true],
    [['CREATE', 'SCHEMA'], true],
    [['CREATE', 'OR', 'REPLACE', 'VIEW'], false],
    [['CREATE', 'OR', 'REPLACE', 'TEMP', 'RECURSIVE'], false],
    [['CREATE', 'CONSTRAINT', 'TRIGGER'], false],
    [['CREATE'], true],
    [['ALTER', 'FUNCTION'], true],
    [['DROP', 'INDEX'], true],
    [['CALL'], true],
    [['ELECTRIC', 'ENABLE'], true],
    [['WITH'], false],
    [['COPY'], false],
    [['DO'], false],
    [[], true],
    [['INSRT', 'INTO'], true],
  ])('%j may change tables: %s', (words, expected) => {
    expect(mayChangeTables(words)).toBe(expected)
  })
})

describe('DDLX recognition', () => {
  const ddlx = (sql: string) => splitStatements(sql).map((s) => s.ddlx)

  test('resolves names as Electric does: unquoted lower-cased, quoted exact, default schema public', () => {
    expect(ddlx('ALTER TABLE Items ENABLE ELECTRIC; alter table "Items" enable electric; ALTER TABLE Auth."User" ENABLE ELECTRIC; ELECTRIC ENABLE "A""b";')).toEqual([
      { kind: 'enable', table: { schema: 'public', name: 'items' } },
      { kind: 'enable', table: { schema: 'public', name: 'Items' } },
      { kind: 'enable', table: { schema: 'auth', name: 'User' } },
      { kind: 'enable', table: { schema: 'public', name: 'A"b' } },
    ])
  })

  test('knows the DDLX that Electric 0.x parses but rejects, and malformed DDLX', () => {
    expect(ddlx('ALTER TABLE t DISABLE ELECTRIC; ELECTRIC GRANT ALL ON t TO x; ELECTRIC SQLITE \'x\'; ALTER TABLE a.b.c ENABLE ELECTRIC; ELECTRIC ENABLE;')).toEqual([
      { kind: 'unsupported', tag: 'ELECTRIC DISABLE', table: { schema: 'public', name: 't' } },
      { kind: 'unsupported', tag: 'ELECTRIC GRANT' },
      { kind: 'unsupported', tag: 'ELECTRIC SQLITE' },
      { kind: 'invalid', reason: 'ALTER TABLE … ELECTRIC needs one table name' },
      { kind: 'invalid', reason: 'ELECTRIC ENABLE needs one table name' },
    ])
  })

  test('a syntax error elsewhere in a statement that mentions electric is not DDLX', () => {
    const [statement] = splitStatements('SELEC electric FROM t;')
    expect(statement.kind).toBe('invalid')
  })
})

describe('edge cases of the fast path', () => {
  test('an empty file or one of whitespace has no statements (libpg-query would reject it)', () => {
    expect(splitStatements('')).toEqual([])
    expect(splitStatements(' \r\n\t')).toEqual([])
  })

  test('trailing comments are dropped, but -- inside a string is kept', () => {
    expect(summary("SELECT '--not a comment' -- but this is\n;\n/* a */ /* b /* nested */ */ SELECT 2 /* c */")).toEqual([
      { kind: 'sql', line: 1, text: "SELECT '--not a comment'" },
      { kind: 'sql', line: 3, text: 'SELECT 2' },
    ])
  })
})

test('DDLX after characters outside the Basic Multilingual Plane is still DDLX', () => {
  const [, statement] = splitStatements('SELECT 1;\nALTER TABLE "tÿ😀" ENABLE ELECTRIC;')
  expect(statement.ddlx).toEqual({ kind: 'enable', table: { schema: 'public', name: 'tÿ😀' } })
})
