/**
 * The stand-in's own reading of SQL, as Electric 0.12.1's proxy reads it (proxy/electric-parser.ts,
 * proxy/ddlx.ts): statement cutting, DDLX grammar, and where a message fails or crashes the connection.
 * Cases marked "Electric's test" restate examples from Electric's own test suite.
 */
import { loadModule } from 'libpg-query'
import { beforeAll, describe, expect, it } from 'vitest'
import { readDdlx } from './proxy/ddlx.js'
import { readElectricSql, type ElectricReading } from './proxy/electric-parser.js'

beforeAll(() => loadModule())

const simple = (sql: string) => readElectricSql(sql, { extended: false, shadow: false })

/** Each statement's text in the client's SQL, with the DDLX command when there is one. */
function statements(sql: string, reading: ElectricReading = simple(sql)) {
  if (reading.kind !== 'statements') throw new Error(`expected statements, got ${JSON.stringify(reading)}`)
  return reading.statements.map((s) => (s.ddlx ? [sql.slice(s.start, s.end), s.ddlx] : sql.slice(s.start, s.end)))
}

describe('Electric statement cutter', () => {
  it('keeps SQL that parses as PostgreSQL cut by the parser (Electric\'s test)', () => {
    expect(statements('ALTER TABLE monkey ADD tail int2 NOT NULL; ALTER TABLE giraffe ADD neck int2')).toEqual([
      'ALTER TABLE monkey ADD tail int2 NOT NULL',
      'ALTER TABLE giraffe ADD neck int2',
    ])
  })

  it('cuts DDLX between the nearest semicolons, comments before it included (Electric\'s test)', () => {
    const sql = `BEGIN;\n-- electrify it\nALTER TABLE monkey ENABLE ELECTRIC;\nELECTRIC REVOKE UPDATE (status, name) ON truths FROM 'projects:house.admin';\nCOMMIT;`
    expect(statements(sql)).toEqual([
      'BEGIN',
      ['-- electrify it\nALTER TABLE monkey ENABLE ELECTRIC', { kind: 'enable', table: { schema: 'public', name: 'monkey' } }],
      ["ELECTRIC REVOKE UPDATE (status, name) ON truths FROM 'projects:house.admin'", { kind: 'revoke' }],
      'COMMIT',
    ])
  })

  it('reads names as Electric does: unquoted lower-cased (Unicode too), quoted as written with "" kept', () => {
    expect(statements('ELECTRIC ENABLE ÉTÉ')[0][1]).toEqual({ kind: 'enable', table: { schema: 'public', name: 'été' } })
    expect(statements('ALTER TABLE "My""Schema".Items ENABLE ELECTRIC')[0][1]).toEqual({ kind: 'enable', table: { schema: 'My""Schema', name: 'items' } })
  })

  it('runs CALL electric.electrify(…) as ENABLE, reading one name with NameParser (Electric\'s test)', () => {
    expect(statements(`CALL electric.electrify('Other."Fish"'); CALL electric.electrify('Other', 'Fish')`).map((s) => s[1])).toEqual([
      { kind: 'enable', table: { schema: 'other', name: 'Fish' } },
      { kind: 'enable', table: { schema: 'Other', name: 'Fish' } },
    ])
    expect(simple(`CALL electric.electrify('my table')`).kind).toBe('crash')
  })

  it('answers a syntax error before the word ELECTRIC as PostgreSQL words it, without running anything', () => {
    expect(simple('WHAT EXACTLY SHOULD THIS DO?')).toEqual({ kind: 'syntax-error', message: 'syntax error at or near "WHAT"', position: 0 })
    expect(simple('ALTER TABLE a, b ENABLE ELECTRIC')).toMatchObject({ kind: 'syntax-error', message: 'syntax error at or near ","' })
  })

  it('answers Invalid ELECTRIC statement to text the DDLX grammar rejects (Electric\'s test)', () => {
    for (const sql of ["ELECTRIC REVOKE CRISPS (status, name) ON truths FROM 'projects:house.admin'", 'ELECTRIC ENABLE', 'ALTER TABLE items ENABLE ELECTRIC NOW', 'ALTER TABLE a ENABLE electrical']) {
      expect(simple(sql).kind, sql).toBe('invalid-ddlx')
    }
  })

  describe('quirks of the cutter', () => {
    it('a ; in a comment before DDLX moves the cut: the comment\'s rest becomes part of the DDLX', () => {
      expect(simple('CREATE TABLE a (id int);\n-- enable sync; see the docs\nALTER TABLE a ENABLE ELECTRIC;')).toEqual({
        kind: 'invalid-ddlx',
        detail: 'syntax error before: <<"see">>',
      })
    })

    it('a `;` inside a $$ body before DDLX: each cut is cut again (the cutter knows no $$), which Electric repeats until it runs out of memory; the stand-in crashes', () => {
      expect(simple('DO $$ BEGIN PERFORM 1; END $$\nELECTRIC ENABLE a;')).toEqual({ kind: 'crash', reason: expect.stringMatching(/^the DDLX smuggling loop does not end/) })
    })

    it('a lone quote in a comment before DDLX sends the cutter to the start of the message, where it crashes', () => {
      expect(simple("CREATE TABLE a (id int);\n-- the user's table\nALTER TABLE a ENABLE ELECTRIC;").kind).toBe('crash')
      // two quotes cancel out
      expect(statements("CREATE TABLE a (id int);\n-- it's the user's table\nALTER TABLE a ENABLE ELECTRIC;")).toHaveLength(2)
    })

    it('a /* */ comment before DDLX is read as DDLX tokens', () => {
      expect(simple('CREATE TABLE a (id int);\n/* sync */ ALTER TABLE a ENABLE ELECTRIC;').kind).toBe('invalid-ddlx')
    })

    it('a non-ASCII character anywhere before DDLX hides the word ELECTRIC (a character offset read as bytes)', () => {
      expect(simple("CREATE TABLE a (id int, note text DEFAULT 'café');\nALTER TABLE a ENABLE ELECTRIC;")).toMatchObject({
        kind: 'syntax-error',
        message: 'syntax error at or near "ELECTRIC"',
      })
      expect(statements("CREATE TABLE a (id int, note text DEFAULT 'cafe');\nALTER TABLE a ENABLE ELECTRIC;")).toHaveLength(2)
    })

    it('DDLX whose cut ends in a -- comment crashes the DDLX tokenizer (trimmed, the comment has no line end)', () => {
      expect(simple('ALTER TABLE a ENABLE ELECTRIC -- done\n;').kind).toBe('crash')
      expect(simple('ALTER TABLE a ENABLE ELECTRIC\n-- done\n').kind).toBe('crash') // no ; at all: the cut runs to the end
      expect(statements('ALTER TABLE a ENABLE ELECTRIC;\n-- done\n')).toHaveLength(1)
    })
  })

  describe('messages Electric does not answer', () => {
    it('crashes on any DO block, with or without DDLX in it', () => {
      expect(simple('CREATE TABLE a (id int); DO $$ BEGIN PERFORM 1; END $$;')).toEqual({ kind: 'crash', reason: 'Unsupported DO...END block in migration' })
    })

    it('crashes on ELECTRIC SQLITE and on DDLX its build step refuses, though they parse', () => {
      expect(simple("ELECTRIC SQLITE 'CREATE TABLE x (id)'").kind).toBe('crash')
      expect(simple("ELECTRIC GRANT ALL ON items TO 'member'").kind).toBe('statements')
      expect(simple('ELECTRIC GRANT ALL ON items TO member').kind).toBe('crash') // the role must be a quoted name
      expect(simple('ELECTRIC ASSIGN abusers.role TO users.user_id').kind).toBe('crash') // role column of another table
    })

    it('crashes on a Parse message that is not exactly one statement, and on any error of a Parse on a shadow database', () => {
      expect(readElectricSql('SELECT 1; SELECT 2', { extended: true, shadow: false }).kind).toBe('crash')
      expect(readElectricSql('', { extended: true, shadow: false }).kind).toBe('crash')
      expect(readElectricSql('ELECTRIC NONSENSE', { extended: true, shadow: false }).kind).toBe('invalid-ddlx')
      expect(readElectricSql('ELECTRIC NONSENSE', { extended: true, shadow: true }).kind).toBe('crash')
    })

    it('crashes on DROP FUNCTION of a one-part name NameParser cannot read', () => {
      expect(simple('DROP FUNCTION "my func"()').kind).toBe('crash')
      expect(simple('DROP FUNCTION my_func()').kind).toBe('statements')
    })

    it('finds no statement in a message of comments (the proxy then sends no answer at all)', () => {
      expect(simple('-- This is an empty migration.')).toEqual({ kind: 'statements', statements: [] })
    })
  })
})

describe('Electric DDLX grammar', () => {
  it.each([
    'ALTER TABLE things ENABLE ELECTRIC;',
    'ELECTRIC DISABLE application.things;',
    `ELECTRIC GRANT UPDATE (status, name) ON thing."Köln_en$ts" TO 'projects:house.admin' USING issue_id;`,
    `ELECTRIC GRANT UPDATE ON thing.Köln_en$ts TO 'projects:house.admin' USING project_id CHECK (name = 'Paul');`,
    `ELECTRIC ASSIGN 'record.reader' TO user_permissions.user_id IF ( can_read_records() )`,
    'ELECTRIC ASSIGN ( projects, project_members.role) TO project_members.user_id;',
    `ELECTRIC ASSIGN aaa:'gzp' TO "pTw"."cjd".twi`,
    `ELECTRIC SQLITE $sqlite$-- comment\nselect 'this';$sqlite$;`,
  ])('accepts %s (Electric\'s tests)', (ddlx) => {
    expect(readDdlx(ddlx).ok).toBe(true)
  })

  it.each([
    [`ELECTRIC REVOKE UPDATE ON 'thing.Köln_en$ts' FROM 'projects:house.admin';`, 'syntaxError'],
    ['ALTER TABLE read ENABLE ELECTRIC;', 'syntaxError'], // a DDLX keyword cannot be an unquoted name
    ['ELECTRIC GRANT ALL PRIVILEGES ON t TO \'r\';', 'syntaxError'],
    ['ELECTRIC ASSIGN \'r\' TO t.c IF (n > 1);', 'syntaxError'], // integers are tokens the grammar never accepts
    ['ELECTRIC ASSIGN deliveries:driver TO deliveries.driver_id;', 'buildError'],
    ["electric assign 'projects:' to users.user_id", 'buildError'],
  ])('refuses %s', (ddlx, kind) => {
    expect(readDdlx(ddlx)).toHaveProperty(kind)
  })
})
