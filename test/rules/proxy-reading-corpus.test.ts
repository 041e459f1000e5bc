/**
 * electrify's model of Electric's reading (src/rules/proxy-reading.ts, the appendix of src/inject)
 * held against the proxy stand-in's (test/harness/proxy/electric-parser.ts, written separately from
 * Electric's source) on the real-world corpus (../shared/corpus/migrations, when it is there): every
 * migration with electrify's DDLX block appended, and half of them with DDLX appended the ways people
 * write it by hand. Where the stand-in refuses or crashes, the rules give an error; where it reads the DDLX, they
 * give none.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import { loadModule } from 'libpg-query'
import { beforeAll, describe, expect, it } from 'vitest'
import { renderAppendix } from '../../src/inject/render-appendix.js'
import { analyzeMigration } from '../../src/migrations/analyze-migration.js'
import { proxyReadingFindings } from '../../src/rules/proxy-reading.js'
import { loadSqlParser } from '../../src/sql/statements.js'
import { readElectricSql } from '../harness/proxy/electric-parser.js'
import { REPO_ROOT } from '../harness/repo-root.js'

const corpus = path.resolve(REPO_ROOT, '..', 'shared', 'corpus', 'migrations')
const files = existsSync(corpus) ? readdirSync(corpus).filter((f) => f.endsWith('.sql')) : []

beforeAll(() => Promise.all([loadModule(), loadSqlParser()]))

const TABLE = { schema: 'public', name: 'Note' }
/** DDLX added by hand, each with one of the quirks or none. */
const BY_HAND = [
  '\n-- enable sync\nALTER TABLE "Note" ENABLE ELECTRIC;\n',
  '\n-- enable sync; see the docs\nALTER TABLE "Note" ENABLE ELECTRIC;\n',
  "\n-- the user's notes\nALTER TABLE \"Note\" ENABLE ELECTRIC;\n",
  '\n/* sync */\nALTER TABLE "Note" ENABLE ELECTRIC;\n',
  '\nALTER TABLE "Note" ENABLE ELECTRIC\n-- done\n',
  '\nALTER TABLE read ENABLE ELECTRIC;\n',
  '\nELECTRIC GRANT ALL ON t TO member;\n',
  "\nELECTRIC GRANT ALL PRIVILEGES ON t TO 'member';\n",
]

function verdicts(sql: string) {
  const reading = readElectricSql(sql, { extended: false, shadow: false })
  const analysed = analyzeMigration({ name: 'm', file: 'm', sql })
  const errors = proxyReadingFindings([{ ...analysed, sql }]).filter((f) => f.severity === 'error')
  return { reading, errors, analysed }
}

describe.skipIf(files.length === 0)(`the real-world corpus (${files.length} migrations), read by the stand-in and by the rules`, () => {
  it("electrify's appended block is read as its own ENABLE, except where the rules say why not", () => {
    const misread: string[] = []
    for (const file of files) {
      const original = readFileSync(path.join(corpus, file), 'utf8')
      for (const text of [original, original.trimEnd(), `${original}\n-- done; don't /* */\n`]) {
        const sql = text + renderAppendix(text, [TABLE])
        const { reading, errors } = verdicts(sql)
        const read = reading.kind === 'statements' && reading.statements.at(-1)?.ddlx?.kind === 'enable'
        if (read === (errors.length > 0)) misread.push(`${file}: stand-in ${reading.kind}, rules ${errors.map((f) => f.code).join(', ') || 'none'}`)
      }
    }
    expect(misread).toEqual([])
  })

  it('DDLX appended by hand: the rules give an error exactly where the stand-in refuses or crashes', () => {
    const disagree: string[] = []
    // every other migration keeps the run short; the first test reads them all
    for (const file of files.filter((_, i) => i % 2 === 0)) {
      const original = readFileSync(path.join(corpus, file), 'utf8')
      for (const [i, tail] of BY_HAND.entries()) {
        // ELECTRIC … after a $$ body that has no `;` sends Electric's smuggling (and the stand-in's) round forever
        if (tail.startsWith('\nELECTRIC') && /\$\$\s*$/.test(original)) continue
        const { reading, errors, analysed } = verdicts(original + tail)
        // a last statement with no `;` swallows the ALTER TABLE: PostgreSQL's own error, warned as an invalid statement
        const swallowed = reading.kind === 'syntax-error' && !reading.message.includes('"ELECTRIC"') && analysed.statements.some((s) => s.kind === 'invalid')
        if (swallowed) continue
        if ((reading.kind !== 'statements') !== errors.length > 0) disagree.push(`${file} + case ${i}: stand-in ${reading.kind}, rules ${errors.map((f) => f.code).join(', ') || 'none'}`)
      }
    }
    expect(disagree).toEqual([])
  })
})
