/**
 * The rules for SQL Electric's proxy misreads (src/rules/proxy-reading.ts), on migration text: each
 * quirk of its statement cutter and DDLX reader, DO blocks and migrations with no statement. What
 * Electric answers in each case is restated from its source (see docs/rules.md) and is what the proxy
 * stand-in answers (test/harness/proxy-electric-parser.test.ts; proxy-reading-corpus.test.ts holds
 * the two against each other on real migrations).
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { analyzeMigration } from '../../src/migrations/analyze-migration.js'
import { projectFindings } from '../../src/rules/check-findings.js'
import { historyFindings } from '../../src/rules/index.js'
import { proxyReadingFindings, type MigrationWithText } from '../../src/rules/proxy-reading.js'
import { loadSqlParser } from '../../src/sql/statements.js'

beforeAll(() => loadSqlParser())

const FILE = '/app/prisma/migrations/20240101000000_init/migration.sql'
const migration = (sql: string): MigrationWithText => ({ ...analyzeMigration({ name: '20240101000000_init', file: FILE, sql }), sql })
const findings = (sql: string) => proxyReadingFindings([migration(sql)])
const codes = (sql: string) => findings(sql).map((f) => [f.code, f.line, f.electricCode])

const TABLE = 'CREATE TABLE "Note" ("id" TEXT NOT NULL, CONSTRAINT "Note_pkey" PRIMARY KEY ("id"));\n'

describe('DDLX Electric reads as written: no finding', () => {
  it.each([
    ['after Prisma-style comments', `${TABLE}\n-- electrify: enable sync\nALTER TABLE "Note" ENABLE ELECTRIC;\n`],
    ['with a comment that ends with its ;', `${TABLE}-- enable sync;\nALTER TABLE "Note" ENABLE ELECTRIC;\n`],
    ['with two quotes in a comment', `${TABLE}-- it's the user's table\nALTER TABLE "Note" ENABLE ELECTRIC;\n`],
    ['with comments after its ;', `${TABLE}ALTER TABLE "Note" ENABLE ELECTRIC; -- done; don't /* touch */\n`],
    ['without a final ;', `${TABLE}ALTER TABLE "Note" ENABLE ELECTRIC\n`],
    ['in the ELECTRIC ENABLE form, schema-qualified', `${TABLE}ELECTRIC ENABLE public."Note";`],
    ['with non-ASCII text after it', `${TABLE}ALTER TABLE "Note" ENABLE ELECTRIC;\nINSERT INTO "Note" VALUES ('café');\n`],
  ])('%s', (_, sql) => {
    expect(findings(sql)).toEqual([])
  })
})

describe('comments next to DDLX', () => {
  it('a ; in a comment before it: the proxy cuts there and answers 00000', () => {
    const [finding] = findings(`${TABLE}-- enable sync; see the docs\nALTER TABLE "Note" ENABLE ELECTRIC;\n`)
    expect(finding).toMatchObject({ severity: 'error', code: 'ddlx/comment-semicolon', line: 2, electricCode: '00000', migration: '20240101000000_init', file: FILE })
    expect(finding!.message).toContain('makes it read `see the docs ALTER TABLE "Note" ENABLE ELECTRIC` as the DDLX statement of line 3')
    expect(finding!.hint).toBe('Remove the `;` from that comment.')
  })

  it('a /* */ comment before it, which the DDLX reader does not know', () => {
    expect(codes(`${TABLE}/* sync */ ALTER TABLE "Note" ENABLE ELECTRIC;\n`)).toEqual([['ddlx/block-comment', 2, '00000']])
    expect(codes(`${TABLE}ALTER TABLE "Note" /* sync */ ENABLE ELECTRIC;\n`)).toEqual([['ddlx/block-comment', 2, '00000']])
  })

  it('a lone quote in a comment: the cutter runs on as in a string and crashes, or cuts in the wrong place', () => {
    const [crash] = findings(`${TABLE}-- the user's notes\nALTER TABLE "Note" ENABLE ELECTRIC;\n`)
    expect(crash).toMatchObject({ code: 'ddlx/comment-quote', line: 2 })
    expect(crash).not.toHaveProperty('electricCode')
    expect(crash!.message).toContain('drops the connection')
    expect(crash!.hint).toContain('Remove the \' from that comment')
    // another lone quote earlier closes it: the cut then takes the statements between with it
    const earlier = `SELECT 1;\n-- don't\n${TABLE}-- the user's notes\nALTER TABLE "Note" ENABLE ELECTRIC;\n`
    expect(codes(earlier)).toEqual([['ddlx/comment-quote', 4, '00000']])
    expect(codes(`${TABLE}ALTER TABLE "Note" ENABLE ELECTRIC -- don't\n;\n`)).toEqual([['ddlx/comment-quote', 2, undefined]])
  })

  it('DDLX whose cut ends in a -- comment crashes the DDLX reader', () => {
    const [before] = findings(`${TABLE}ALTER TABLE "Note" ENABLE ELECTRIC -- sync it\n;\n`)
    expect(before).toMatchObject({ code: 'ddlx/trailing-comment', line: 2 })
    expect(before!.message).toContain('the comment on line 2 comes before the `;` of the DDLX statement of line 2')
    expect(before!.hint).toBe('End the statement with `;` before any comment: `ALTER TABLE "Note" ENABLE ELECTRIC;`')
    const [noSemicolon] = findings(`${TABLE}ALTER TABLE "Note" ENABLE ELECTRIC\n-- done\n`)
    expect(noSemicolon).toMatchObject({ code: 'ddlx/trailing-comment', line: 3 })
    expect(noSemicolon!.message).toContain('has no `;`, so Electric\'s proxy reads on to the end of the migration')
    const [inComment] = findings(`${TABLE}ALTER TABLE "Note" ENABLE ELECTRIC -- sync; now\n`)
    expect(inComment!.message).toContain('the `;` in the comment on line 2 ends the DDLX statement of line 2')
  })
})

describe('the DDLX itself', () => {
  it('an unquoted name that is a DDLX keyword', () => {
    const [finding] = findings('CREATE TABLE read (id TEXT PRIMARY KEY);\nALTER TABLE read ENABLE ELECTRIC;\n')
    expect(finding).toMatchObject({ code: 'ddlx/keyword-name', line: 2, electricCode: '00000' })
    expect(finding!.hint).toContain('`ALTER TABLE "read" ENABLE ELECTRIC;`')
    expect(codes('ALTER TABLE public.Table ENABLE ELECTRIC;')).toEqual([['ddlx/keyword-name', 1, '00000']])
  })

  it('malformed GRANT is 00000, not EX001; GRANT with an unquoted role and SQLITE crash the proxy', () => {
    expect(codes("ELECTRIC GRANT ALL PRIVILEGES ON t TO 'member';")).toEqual([['ddlx/invalid', 1, '00000']])
    expect(codes('ALTER TABLE a ENABLE ELECTRIC NOW;')).toEqual([['ddlx/invalid', 1, '00000']])
    const [grant] = findings('ELECTRIC GRANT ALL ON t TO member;')
    expect(grant).toMatchObject({ code: 'ddlx/crash', line: 1 })
    expect(grant!.message).toContain('the role must be a quoted string')
    expect(codes("ELECTRIC SQLITE 'CREATE TABLE x (id)';")).toEqual([['ddlx/crash', 1, undefined]])
    expect(codes('ELECTRIC ASSIGN abusers.role TO users.user_id;')).toEqual([['ddlx/crash', 1, undefined]])
    // well-formed: Electric answers EX001 unless its feature flags are on; migration/unsupported-ddlx warns
    expect(findings("ELECTRIC GRANT ALL ON t TO 'member';")).toEqual([])
  })

  it('DDLX after a statement with no ; is read together with it', () => {
    const [finding] = findings(`CREATE INDEX "i" ON "Note"("id")\nELECTRIC ENABLE "Note";\n`)
    expect(finding).toMatchObject({ code: 'ddlx/invalid', line: 1 })
    expect(finding!.hint).toBe('End the statement before the DDLX with `;`.')
  })
})

describe('non-ASCII text before DDLX', () => {
  it('hides every DDLX after it: one finding at the character, 42601', () => {
    const sql = `CREATE TABLE "Note" ("id" TEXT PRIMARY KEY, "dash" TEXT NOT NULL DEFAULT '—');\nALTER TABLE "Note" ENABLE ELECTRIC;\nALTER TABLE "Other" ENABLE ELECTRIC;\n`
    const [finding, ...rest] = findings(sql)
    expect(rest).toEqual([])
    expect(finding).toMatchObject({ code: 'ddlx/non-ascii', line: 1, electricCode: '42601' })
    expect(finding!.message).toContain('(`—`, line 1)')
    expect(finding!.message).toContain('42601 syntax error at or near "ELECTRIC"')
    expect(finding!.hint).toContain('put them in a migration of their own')
  })

  it('counts comments, quoted names and characters outside the BMP, but not a BOM', () => {
    expect(codes(`-- café\n${TABLE}ALTER TABLE "Note" ENABLE ELECTRIC;`)).toEqual([['ddlx/non-ascii', 1, '42601']])
    expect(codes('ALTER TABLE "Nöte" ENABLE ELECTRIC;')).toEqual([['ddlx/non-ascii', 1, '42601']])
    expect(codes(`-- 🚀\n${TABLE}ALTER TABLE "Note" ENABLE ELECTRIC;`)).toEqual([['ddlx/non-ascii', 1, '42601']])
    expect(findings(`\uFEFF${TABLE}ALTER TABLE "Note" ENABLE ELECTRIC;`)).toEqual([])
  })
})

describe('messages the proxy cannot run', () => {
  it('a DO block is an error, with or without DDLX', () => {
    const [finding] = findings(`${TABLE}DO $$ BEGIN PERFORM 1; END $$;\n`)
    expect(finding).toMatchObject({ severity: 'error', code: 'migration/do-block', line: 2, statement: 'DO $$ BEGIN PERFORM 1; END $$' })
    expect(finding!.message).toContain('shadow database')
    expect(finding!.hint).toContain('CREATE FUNCTION electrify_tmp()')
  })

  it('a migration with no statement is a warning (the proxy never answers it)', () => {
    for (const sql of ['-- This is an empty migration.', '', '\n/* nothing */\n']) {
      expect(findings(sql).map((f) => [f.severity, f.code, f.line])).toEqual([['warning', 'migration/empty', 1]])
    }
  })
})

it('runs with the history rules, and without a migration\'s text only the checks that need none', () => {
  const sql = `${TABLE}-- sync; now\nALTER TABLE "Note" ENABLE ELECTRIC;\nDO $$ BEGIN END $$;`
  expect(historyFindings([migration(sql)]).map((f) => f.code)).toEqual(['migration/do-block', 'ddlx/comment-semicolon'])
  const { sql: _, ...withoutText } = migration(sql)
  expect(historyFindings([withoutText]).map((f) => f.code)).toEqual(['migration/do-block'])
})

it("check tells misread DDLX once, with Electric's answer, not also the analysis's EX001 guess", () => {
  const history = [migration(`${TABLE}-- grants\nELECTRIC GRANT ALL PRIVILEGES ON "Note" TO 'member';\nELECTRIC GRANT ALL ON "Note" TO 'member';\n`)]
  const found = projectFindings({ annotated: [], history, loaded: history.flatMap((m) => m.findings) })
  expect(found.map((f) => [f.code, f.severity, f.line])).toEqual([
    ['migration/unsupported-ddlx', 'warning', 4], // well-formed: Electric answers EX001 (unless its feature flags are on)
    ['ddlx/invalid', 'error', 3],
  ])
  // also when the finding points at the comment that misleads the proxy rather than at the statement
  const misled = [migration(`${TABLE}-- grants; for members\nELECTRIC GRANT ALL ON "Note" TO 'member';\n`)]
  expect(projectFindings({ annotated: [], history: misled, loaded: misled.flatMap((m) => m.findings) }).map((f) => [f.code, f.line])).toEqual([['ddlx/comment-semicolon', 2]])
})
