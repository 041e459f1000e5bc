import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { beforeAll, expect, test } from 'vitest'
import { analysedText } from '../../src/migrations/analysis-of.js'
import { analyzeMigration } from '../../src/migrations/analyze-migration.js'
import { decodeStatements, encodeStatements } from '../../src/sql/statement-codec.js'
import { loadSqlParser } from '../../src/sql/statements.js'
import { FIXTURES } from '../fixture-history.js'

beforeAll(() => loadSqlParser())

const SQL = [
  '\uFEFF-- CreateTable\r\nCREATE TABLE "Überweisung" ("id" TEXT);\r\nINSERT INTO "Überweisung" VALUES (\'😀\');',
  'ALTER TABLE "A" ENABLE ELECTRIC;\nELECTRIC GRANT ALL ON t TO x;\nALTER TABLE a.b.c ENABLE ELECTRIC;\nALTER TABLE "A" ADD COLUMN WHERE;',
  '',
  '-- This is an empty migration.',
]

test('decoding gives back exactly the statements encoded, on every fixture migration and odd SQL', () => {
  const histories = path.join(FIXTURES, 'histories')
  const fixtures = readdirSync(histories, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('migration.sql'))
    .map((f) => readFileSync(path.join(histories, f), 'utf8'))
  expect(fixtures.length).toBeGreaterThan(5)
  for (const sql of [...SQL, ...fixtures]) {
    const { statements } = analyzeMigration({ name: 'm', file: 'm.sql', sql })
    const encoded = JSON.parse(JSON.stringify(encodeStatements(statements)))
    expect(decodeStatements(analysedText(sql), encoded)).toEqual(statements)
  }
})

test('an encoding that does not fit the text is refused, not half used', () => {
  const sql = 'CREATE TABLE a (id int); SELECT 1;'
  const encoded = encodeStatements(analyzeMigration({ name: 'm', file: 'm.sql', sql }).statements)
  expect(() => decodeStatements('CREATE', encoded)).toThrow(/outside the text/)
  expect(() => decodeStatements(sql, { ...encoded, d: [] })).toThrow(/do not match/)
  expect(() => decodeStatements(sql, { n: [0, 1, 0, 9], d: [] })).toThrow(/unknown/)
  expect(() => decodeStatements(sql, { n: [0, 1], d: [] })).toThrow(/not encoded/)
})
