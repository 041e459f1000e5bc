import { beforeAll, expect, test } from 'vitest'
import { analyzeMigration } from '../../src/migrations/analyze-migration.js'
import { loadSqlParser } from '../../src/sql/statements.js'
import { fixtureHistory } from '../fixture-history.js'

beforeAll(() => loadSqlParser())

const events = (sql: string) => analyzeMigration({ name: 'm', file: 'm.sql', sql }).events

test("finds the tables, foreign keys and enums of Prisma's generated SQL, in statement order", async () => {
  const [init, addBio, empty] = await fixtureHistory('blog')
  expect(init.events.map((e) => (e.type === 'foreign-key' ? `${e.type} ${e.from.name}->${e.to.name}` : `${e.type} ${'table' in e ? e.table.name : ''}`))).toEqual([
    'create User',
    'create Post',
    'create comments',
    'foreign-key comments->Post',
    'foreign-key comments->comments',
    'foreign-key Post->User',
  ])
  expect(init.events.find((e) => e.type === 'foreign-key')?.line).toBe(35)
  expect(addBio.statements).toHaveLength(1)
  expect(addBio.statements[0].line).toBe(8)
  expect(empty.statements).toEqual([])
  expect([init, addBio, empty].flatMap((m) => m.findings)).toEqual([])
})

test('finds DDLX and CALL electric.electrify in history, and reports an invalid statement without failing', async () => {
  const [init, trigger, note] = await fixtureHistory('electrified')
  expect(init.events.filter((e) => e.type === 'electrify')).toEqual([
    { type: 'electrify', table: { schema: 'public', name: 'Item' }, line: 16, via: 'ddlx' },
    { type: 'electrify', table: { schema: 'public', name: 'tag' }, line: 17, via: 'call' },
  ])
  expect(trigger.statements.map((s) => s.kind)).toEqual(['sql', 'sql', 'sql', 'invalid'])
  expect(trigger.findings).toEqual([
    expect.objectContaining({ severity: 'warning', code: 'migration/invalid-statement', file: trigger.file, line: 18 }),
  ])
  expect(note.events.map((e) => e.type)).toEqual(['create', 'foreign-key'])
})

test('schema-qualified names, quotes, spaces, non-ASCII letters, rename and drop', async () => {
  const [init, rename] = await fixtureHistory('names')
  expect(init.events.filter((e) => e.type === 'create').map((e) => ('table' in e ? e.table : undefined))).toEqual([
    { schema: 'auth', name: 'User' },
    { schema: 'public', name: 'Team' },
    { schema: 'public', name: 'Order Item' },
    { schema: 'public', name: 'Quote"d' },
    { schema: 'public', name: 'Überweisung' },
    { schema: 'public', name: 'old_name' },
  ])
  expect(rename.events).toEqual([
    { type: 'rename', from: { schema: 'public', name: 'old_name' }, to: { schema: 'public', name: 'new_name' }, line: 2 },
    { type: 'drop', table: { schema: 'public', name: 'Quote"d' }, line: 3 },
  ])
})

test('inline foreign keys, CREATE TABLE AS, SET SCHEMA and electrify(schema, table)', () => {
  expect(
    events(`CREATE TABLE a (id int PRIMARY KEY, b_id int REFERENCES b(id), CONSTRAINT fk FOREIGN KEY (id) REFERENCES "C"(id));
CREATE TABLE copy AS SELECT 1;
ALTER TABLE a SET SCHEMA archive;
CALL electric.electrify('auth', 'Users');`),
  ).toEqual([
    { type: 'create', table: { schema: 'public', name: 'a' }, line: 1 },
    { type: 'foreign-key', from: { schema: 'public', name: 'a' }, to: { schema: 'public', name: 'b' }, line: 1 },
    { type: 'foreign-key', from: { schema: 'public', name: 'a' }, to: { schema: 'public', name: 'C' }, line: 1 },
    { type: 'create', table: { schema: 'public', name: 'copy' }, line: 2 },
    { type: 'rename', from: { schema: 'public', name: 'a' }, to: { schema: 'archive', name: 'a' }, line: 3 },
    { type: 'electrify', table: { schema: 'auth', name: 'Users' }, line: 4, via: 'call' },
  ])
})

test('a BOM and CRLF line ends change neither statements nor line numbers', () => {
  const lf = '-- CreateTable\nCREATE TABLE "A" ("id" TEXT);\n\nALTER TABLE "A" ENABLE ELECTRIC;\n'
  const crlfBom = `\uFEFF${lf.replaceAll('\n', '\r\n')}`
  const shape = (sql: string) => analyzeMigration({ name: 'm', file: 'm.sql', sql }).events
  expect(shape(crlfBom)).toEqual(shape(lf))
  expect(shape(lf).map((e) => e.line)).toEqual([2, 4])
})

test('malformed and unsupported DDLX are warnings naming the line', () => {
  const { findings } = analyzeMigration({ name: 'm', file: 'm.sql', sql: 'SELECT 1;\nALTER TABLE t DISABLE ELECTRIC;\nELECTRIC ENABLE a b;' })
  expect(findings.map((f) => [f.code, f.line])).toEqual([
    ['migration/unsupported-ddlx', 2],
    ['migration/invalid-ddlx', 3],
  ])
})
