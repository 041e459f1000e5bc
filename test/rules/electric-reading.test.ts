/**
 * Electric's reading of DDLX, as electrify models it (src/rules/electric-reading.ts, electric-ddlx.ts,
 * sql-comments.ts): the statement cutter, the DDLX grammar and build, and where comments are. Grammar
 * cases marked "Electric's test" restate examples from Electric 0.12.1's own test suite.
 */
import { describe, expect, it } from 'vitest'
import { readElectricDdlx } from '../../src/rules/electric-ddlx.js'
import { electricCut, electricFindsKeyword, electricReadsName } from '../../src/rules/electric-reading.js'
import { scanSqlText } from '../../src/rules/sql-comments.js'

describe('the statement cutter', () => {
  const cut = (sql: string) => electricCut(sql, sql.lastIndexOf('ELECTRIC'))

  it('cuts between the nearest ; on either side, trimmed, comments included', () => {
    expect(cut('BEGIN;\n-- electrify it\nALTER TABLE monkey ENABLE ELECTRIC;\nCOMMIT;')).toEqual({ start: 6, end: 57, text: '-- electrify it\nALTER TABLE monkey ENABLE ELECTRIC' })
    expect(cut('ALTER TABLE a ENABLE ELECTRIC')).toEqual({ start: 0, end: 29, text: 'ALTER TABLE a ENABLE ELECTRIC' })
  })

  it('knows quotes only: a ; in a comment cuts, a ; in quotes does not, a lone quote crashes', () => {
    expect(cut('SELECT 1;\n-- a; b\nALTER TABLE a ENABLE ELECTRIC;')).toMatchObject({ text: 'b\nALTER TABLE a ENABLE ELECTRIC' })
    expect(cut('SELECT 1;\n-- \'a; b\'\nALTER TABLE "x;""y" ENABLE ELECTRIC;')).toMatchObject({ start: 9 })
    expect(cut("SELECT 1;\n-- don't\nALTER TABLE a ENABLE ELECTRIC;")).toEqual({ unbalanced: 'before' })
    expect(cut("ALTER TABLE a ENABLE ELECTRIC -- don't\n;")).toEqual({ unbalanced: 'after' })
  })

  it('finds ELECTRIC only when no non-ASCII character comes before it (a character offset read as bytes)', () => {
    expect(electricFindsKeyword('ALTER TABLE a ENABLE ELECTRIC', 21)).toBe(true)
    const sql = "SELECT 'é';\nALTER TABLE a ENABLE ELECTRIC"
    expect(electricFindsKeyword(sql, sql.indexOf('ELECTRIC'))).toBe(false)
    expect(electricFindsKeyword(`${sql}; SELECT 'é'`, sql.indexOf('ELECTRIC'))).toBe(false)
    const after = "ALTER TABLE a ENABLE ELECTRIC; SELECT 'é'"
    expect(electricFindsKeyword(after, 21)).toBe(true)
  })

  it('reads names as NameParser does: [identifier "."] identifier, all of the text', () => {
    for (const name of ['projects', 'Other."Fish"', '"my ""x"""', 'a.b']) expect(electricReadsName(name), name).toBe(true)
    for (const name of ['my table', 'a.b.c', '', 'a.']) expect(electricReadsName(name), name).toBe(false)
  })
})

describe('the DDLX grammar and build', () => {
  it.each([
    ['ALTER TABLE things ENABLE ELECTRIC', 'enable'],
    ['ELECTRIC DISABLE application.things', 'disable'],
    [`ELECTRIC GRANT UPDATE (status, name) ON thing."Köln_en$ts" TO 'projects:house.admin' USING issue_id`, 'grant'],
    [`ELECTRIC GRANT UPDATE ON thing.Köln_en$ts TO 'projects:house.admin' USING project_id CHECK (name = 'Paul')`, 'grant'],
    ["ELECTRIC REVOKE UPDATE (status, name) ON truths FROM 'projects:house.admin'", 'revoke'],
    [`ELECTRIC ASSIGN 'record.reader' TO user_permissions.user_id IF ( can_read_records() )`, 'assign'],
    ['ELECTRIC ASSIGN ( projects, project_members.role) TO project_members.user_id', 'assign'],
    [`ELECTRIC ASSIGN aaa:'gzp' TO "pTw"."cjd".twi`, 'assign'],
    ['electric unassign projects.role from projects.user_id', 'unassign'],
  ])('reads %s (Electric\'s tests)', (ddlx, command) => {
    expect(readElectricDdlx(ddlx)).toEqual({ kind: 'command', command })
  })

  it.each([
    [`ELECTRIC REVOKE CRISPS (status, name) ON truths FROM 'projects:house.admin'`, 'CRISPS'],
    [`ELECTRIC REVOKE UPDATE ON 'thing.Köln_en$ts' FROM 'projects:house.admin'`, "'thing.Köln_en$ts'"],
    ['ELECTRIC ENABLE', ''],
    ['ALTER TABLE items ENABLE ELECTRIC NOW', 'NOW'],
    ["ELECTRIC GRANT ALL PRIVILEGES ON t TO 'r'", 'PRIVILEGES'], // a keyword no rule uses
    ["ELECTRIC ASSIGN 'r' TO t.c IF (n > 1)", '1'], // integers are tokens the grammar never takes
    ['/* x */ ALTER TABLE a ENABLE ELECTRIC', '/'],
  ])('refuses %s (00000), stopping at %s', (ddlx, near) => {
    expect(readElectricDdlx(ddlx)).toMatchObject({ kind: 'syntax-error', near })
  })

  it('names a DDLX keyword where a name was expected', () => {
    expect(readElectricDdlx('ALTER TABLE read ENABLE ELECTRIC')).toEqual({ kind: 'syntax-error', near: 'read', keywordAsName: 'read' })
    expect(readElectricDdlx('ELECTRIC ENABLE public.Table')).toEqual({ kind: 'syntax-error', near: 'Table', keywordAsName: 'Table' })
    expect(readElectricDdlx('ALTER TABLE a ENABLE ELECTRIC ON')).toEqual({ kind: 'syntax-error', near: 'ON' })
  })

  it.each([
    ['ALTER TABLE a ENABLE ELECTRIC -- done', 'comment'],
    ['ALTER TABLE "a ENABLE ELECTRIC', 'tokenizer'],
    ["ELECTRIC SQLITE $x$select 1", 'tokenizer'],
    ["ELECTRIC SQLITE 'CREATE TABLE x (id)'", 'build'],
    ['ELECTRIC GRANT ALL ON items TO member', 'build'], // the role must be a quoted string
    ["ELECTRIC GRANT ALL ON items TO 'projects:'", 'build'],
    ["ELECTRIC GRANT ALL ON items TO 'my projects:admin'", 'build'], // a scope NameParser cannot read
    ['ELECTRIC ASSIGN abusers.role TO users.user_id', 'build'], // a role column of another table
    ['ELECTRIC ASSIGN deliveries:driver TO deliveries.driver_id', 'build'],
  ])('crashes on %s (%s)', (ddlx, cause) => {
    expect(readElectricDdlx(ddlx)).toMatchObject({ kind: 'crash', cause })
  })

  it('skips -- comments that end with a line, not the ones before the appended ;', () => {
    expect(readElectricDdlx('-- electrify\nALTER TABLE a -- it\nENABLE ELECTRIC')).toEqual({ kind: 'command', command: 'enable' })
  })
})

describe('where the comments are (PostgreSQL\'s lexical rules)', () => {
  const kinds = (sql: string) => scanSqlText(sql).comments.map((c) => [c.kind, sql.slice(c.start, c.end)])

  it('finds -- and nested /* */ comments, not comment marks in strings, names or $ bodies', () => {
    expect(kinds("SELECT '--x', \"/*y\", $f$ -- z $f$, E'\\' -- w'; -- one\n/* two /* nested */ end */ x")).toEqual([
      ['line', '-- one'],
      ['block', '/* two /* nested */ end */'],
    ])
    expect(kinds('SELECT a$b$c -- real\n, $1 -- also')).toEqual([
      ['line', '-- real'],
      ['line', '-- also'],
    ])
  })

  it('ends the code at its last character outside comments, and says when something is left open', () => {
    expect(scanSqlText('SELECT 1; -- x\n/* y */\n')).toMatchObject({ codeEnd: 9, unterminated: false })
    expect(scanSqlText('-- only a comment')).toMatchObject({ codeEnd: 0, unterminated: false })
    expect(scanSqlText("SELECT 'open")).toMatchObject({ unterminated: true })
    expect(scanSqlText('SELECT 1 /* open')).toMatchObject({ codeEnd: 8, unterminated: true })
  })
})
