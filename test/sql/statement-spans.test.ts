/**
 * statementSpans finds statements without the parser: on valid SQL its spans must be exactly the
 * statements of PostgreSQL's own parse of the whole text (libpg-query), with leading and trailing
 * comments left out. Checked on SQL written to be awkward, and on the real-world corpus when present.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseSync, scanSync } from 'libpg-query'
import { beforeAll, describe, expect, test } from 'vitest'
import { statementSpans } from '../../src/sql/statement-spans.js'
import { loadSqlParser } from '../../src/sql/statements.js'

beforeAll(() => loadSqlParser())

const corpus = path.resolve(fileURLToPath(new URL('../..', import.meta.url)), '..', 'shared', 'corpus', 'migrations')

/** The parser's statements as [start, end] in UTF-16 units, comments and whitespace around them left out. */
function parserSpans(sql: string): [number, number][] {
  const bytes = Buffer.from(sql, 'utf8')
  const charAt = (byte: number) => bytes.subarray(0, byte).toString('utf8').length
  return (parseSync(sql).stmts ?? []).map((raw) => {
    const from = charAt(raw.stmt_location ?? 0)
    const to = raw.stmt_len ? charAt((raw.stmt_location ?? 0) + raw.stmt_len) : sql.length
    const piece = sql.slice(from, to)
    const tokens = scanSync(piece).tokens.filter((t) => t.tokenName !== 'SQL_COMMENT' && t.tokenName !== 'C_COMMENT' && t.tokenName !== 'ASCII_59')
    const pieceBytes = Buffer.from(piece, 'utf8')
    const pieceChar = (byte: number) => pieceBytes.subarray(0, byte).toString('utf8').length
    return [from + pieceChar(tokens[0].start), from + pieceChar(tokens[tokens.length - 1].end)]
  })
}

const ours = (sql: string) => statementSpans(sql).map((s) => [s.start, s.end])

const AWKWARD = [
  "CREATE FUNCTION f() RETURNS text AS $body$ SELECT $x$;$x$; $$ $body$ LANGUAGE sql;\nSELECT 1",
  "SELECT 'a\\', 'b;c';\nSELECT E'it\\'s; fine', e'x\\\\';\nSELECT E'';",
  'SELECT a$b$c, "a;""b" FROM "t;";\nPREPARE p AS SELECT $1::int; EXECUTE p(1);',
  '/* a /* b; */ ; */ SELECT 1 -- ;\n+ 1; -- trailing ; comment\nSELECT 2 /* c; */ ;',
  "SELECT U&'d\\0061t\\+000061;', B'1010', X'1F', N'x;y';\nSELECT 'a'\n'b;';",
  'CREATE RULE r AS ON INSERT TO t DO ALSO (INSERT INTO a VALUES (1); INSERT INTO b VALUES (2));\nSELECT 3;',
  'CREATE OR REPLACE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; SELECT CASE WHEN true THEN 2 END; END;\nCREATE PROCEDURE p() LANGUAGE sql BEGIN ATOMIC INSERT INTO t VALUES (1); END;\nSELECT 4;',
  'CREATE FUNCTION g() RETURNS int LANGUAGE sql RETURN CASE WHEN true THEN 1 END;\nBEGIN;\nCOMMIT;',
  "CREATE FUNCTION t() RETURNS trigger AS $$BEGIN RETURN NEW; END$$ LANGUAGE plpgsql;\nCREATE FUNCTION h() RETURNS int AS 'select 1; select 2' LANGUAGE sql;",
  "INSERT INTO \"tÿ😀\" VALUES ('😀;'), ('€');\r\n\tSELECT 1 - -1, 2 / 1, 'a' || 'b', 4 */* c */ 2;\f\nDO $_$ BEGIN PERFORM 1; END $_$;\nDO $a1$ SELECT $$;$$ $a1$;",
  'CREATE /* x */ TABLE t (id int); ;; SELECT 5',
]

describe('statementSpans: the parser statements, found without the parser', () => {
  test.each(AWKWARD.map((sql, i) => [i, sql]))('awkward SQL #%i', (_i, sql) => {
    expect(ours(sql)).toEqual(parserSpans(sql))
  })

  test('leading words, semicolons kept inside, unterminated text', () => {
    const [rule, create, atomic, open] = statementSpans(
      "CREATE RULE r AS ON INSERT TO t DO (SELECT 1; SELECT 2);\ncreate  or replace\tTEMP TABLE x (id int);\nCREATE FUNCTION f() RETURNS int LANGUAGE sql BEGIN ATOMIC SELECT 1; END;\nSELECT E'open; \\' ;",
    )
    expect(rule).toMatchObject({ words: ['CREATE', 'RULE', 'R', 'AS', 'ON'], innerSemicolons: true, unterminated: false })
    expect(create.words).toEqual(['CREATE', 'OR', 'REPLACE', 'TEMP', 'TABLE'])
    expect(atomic).toMatchObject({ innerSemicolons: true })
    expect(open).toMatchObject({ words: ['SELECT'], unterminated: true })
    for (const sql of ['SELECT 1 /* open', 'SELECT "open', 'DO $x$ open $y$;']) expect(statementSpans(sql)).toMatchObject([{ start: 0, unterminated: true }])
    expect(statementSpans("SELECT e'x'").map((s) => s.words)).toEqual([['SELECT']])
    expect(statementSpans("E'x'; U&\"y\"").map((s) => s.words)).toEqual([[], []])
  })

  test('only rules and function bodies keep semicolons; everySemicolon: not even those', () => {
    expect(statementSpans('SELECT (1; SELECT 2').map((s) => s.start)).toEqual([0, 11])
    const rule = 'CREATE RULE r AS ON INSERT TO t DO (SELECT (1; SELECT 2'
    expect(statementSpans(rule)).toHaveLength(1)
    expect(statementSpans(rule, { everySemicolon: true }).map((s) => s.start)).toEqual([0, 47])
  })

  test.skipIf(!existsSync(corpus))('every migration of the real-world corpus', () => {
    const files = readdirSync(corpus).filter((f) => f.endsWith('.sql'))
    expect(files.length).toBeGreaterThan(1000)
    for (const file of files) {
      const sql = readFileSync(path.join(corpus, file), 'utf8').replace(/^\uFEFF/, '')
      if (sql.trim() === '') continue
      expect(ours(sql), file).toEqual(parserSpans(sql))
    }
  })
})
