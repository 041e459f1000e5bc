#!/usr/bin/env node
// @ts-check
/**
 * Real-world conformance: analyse every migration of a folder with the built library and report what
 * the analysis made of them. Reads only; never writes.
 *
 *   npm run conformance -- <dir> [--json]
 *   node scripts/conformance.js <dir> [--json]      (after `npm run build`)
 *
 * <dir> holds `*.sql` files, Prisma migration folders (`<name>/migration.sql`), or both.
 * Exit 0 when nothing crashed, 1 when analyzeMigration threw on some file (or a file could not be
 * read), 2 on a usage error. Statements that are not valid PostgreSQL are reported, never a failure:
 * the library itself treats them as warnings.
 */
import { parseArgs } from 'node:util'
import {
  displayPath,
  importLibrary,
  invocationDir,
  isMain,
  listSqlFiles,
  readSqlFile,
  resolveFolder,
  roundMs,
  UsageError,
} from './lib/corpus.js'

const USAGE = `usage: npm run conformance -- <dir> [--json]
       node scripts/conformance.js <dir> [--json]

Analyses every *.sql file of <dir> and every <dir>/<name>/migration.sql, and prints the number of files,
statements, DDLX statements, statements that are not valid PostgreSQL (file:line and the parser's
message), crashes (analyzeMigration threw) and the time taken.

  --json   one JSON document on stdout (use \`npm run -s conformance -- … --json\` so npm prints no banner)

Exit 0: no crash. Exit 1: at least one crash. Exit 2: usage error.`

/**
 * @typedef {import('../dist/index.js').AnalyzedMigration} AnalyzedMigration
 * @typedef {import('../dist/index.js').MigrationSource} MigrationSource
 * @typedef {import('../dist/index.js').SqlStatement} SqlStatement
 *
 * @typedef {object} InvalidStatement
 * @property {string} file absolute path
 * @property {number} line the line Postgres pointed at (what electrify's warning shows)
 * @property {number} statementLine the line where the statement starts
 * @property {string} message the parser's message
 * @property {string} excerpt the statement's beginning, on one line
 *
 * @typedef {object} Crash
 * @property {string} file absolute path
 * @property {'read' | 'analyze'} stage
 * @property {string} message
 * @property {string} [stack]
 *
 * @typedef {object} Anomaly A result that contradicts the file it came from (a bug in electrify).
 * @property {string} file absolute path
 * @property {number} [line]
 * @property {string} problem
 *
 * @typedef {object} ConformanceReport
 * @property {string} folder absolute path
 * @property {number} files
 * @property {number} bytes
 * @property {number} statements
 * @property {number} parsed statements parsed because they can change tables (the others are kept as text)
 * @property {number} ddlx statements recognised as Electric DDLX
 * @property {InvalidStatement[]} invalid statements that are not valid PostgreSQL (nor DDLX)
 * @property {Crash[]} crashes
 * @property {Anomaly[]} anomalies
 * @property {Record<string, number>} findings analyzeMigration's findings, counted by code
 * @property {{ total: number, import: number, read: number, loadParser: number, analyse: number }} timeMs
 *   `analyse` sums the analyzeMigration calls only; `total` is the whole run (import, read, parser, checks)
 * @property {string} node
 *
 * @typedef {object} ConformanceOptions
 * @property {(source: MigrationSource) => AnalyzedMigration} [analyzeMigration] defaults to the library's
 */

/**
 * Analyses every migration of `folder` (absolute path) and reports; never throws for a file.
 * @param {string} folder
 * @param {ConformanceOptions} [options]
 * @returns {Promise<ConformanceReport>}
 */
export async function runConformance(folder, options = {}) {
  const started = performance.now()
  const library = await importLibrary()
  const imported = performance.now()

  /** @type {Crash[]} */
  const crashes = []
  const sources = []
  for (const file of listSqlFiles(folder)) {
    try {
      sources.push(readSqlFile(file))
    } catch (error) {
      crashes.push({ file: file.file, stage: 'read', ...describe(error) })
    }
  }
  const read = performance.now()

  await library.loadSqlParser()
  const loaded = performance.now()

  const analyze = options.analyzeMigration ?? library.analyzeMigration
  /** @type {InvalidStatement[]} */
  const invalid = []
  /** @type {Anomaly[]} */
  const anomalies = []
  /** @type {Record<string, number>} */
  const findings = {}
  let statements = 0
  let parsed = 0
  let ddlx = 0
  let analyseMs = 0
  for (const source of sources) {
    /** @type {AnalyzedMigration} */
    let result
    const before = performance.now()
    try {
      result = analyze({ name: source.name, file: source.file, sql: source.sql })
    } catch (error) {
      crashes.push({ file: source.file, stage: 'analyze', ...describe(error) })
      continue
    } finally {
      analyseMs += performance.now() - before
    }
    statements += result.statements.length
    for (const statement of result.statements) {
      if (statement.ast) parsed++
      if (statement.kind === 'ddlx') ddlx++
      if (statement.kind === 'invalid') {
        invalid.push({
          file: source.file,
          line: statement.error?.line ?? statement.line,
          statementLine: statement.line,
          message: statement.error?.message ?? '(no message)',
          excerpt: excerptOf(statement.text),
        })
      }
    }
    for (const finding of result.findings) findings[finding.code] = (findings[finding.code] ?? 0) + 1
    anomalies.push(...checkResult(source.file, source.sql, result))
  }

  return {
    folder,
    files: sources.length + crashes.filter((c) => c.stage === 'read').length,
    bytes: sources.reduce((sum, s) => sum + s.bytes, 0),
    statements,
    parsed,
    ddlx,
    invalid,
    crashes,
    anomalies,
    findings,
    timeMs: {
      total: roundMs(performance.now() - started),
      import: roundMs(imported - started),
      read: roundMs(read - imported),
      loadParser: roundMs(loaded - read),
      analyse: roundMs(analyseMs),
    },
    node: process.version,
  }
}

/**
 * 0 without crashes, 1 with. Invalid statements and anomalies do not change it (anomalies are
 * printed and asserted to be none by test/conformance.test.ts).
 * @param {ConformanceReport} report
 */
export function exitCodeOf(report) {
  return report.crashes.length > 0 ? 1 : 0
}

/**
 * Checks that a result agrees with the text it came from, independently of the library's own
 * position bookkeeping: each statement's text sits at its offsets, its line is the line of its first
 * character, lines exist in the file, statements do not overlap.
 * @param {string} file
 * @param {string} sql the file's text as read (with its BOM, if any)
 * @param {AnalyzedMigration} result
 * @returns {Anomaly[]}
 */
export function checkResult(file, sql, result) {
  /** @type {Anomaly[]} */
  const found = []
  const text = sql.startsWith('\uFEFF') ? sql.slice(1) : sql
  const lineStarts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1)
  const lines = lineStarts.length
  /** @param {number} index */
  const lineOf = (index) => {
    let lo = 0
    let hi = lineStarts.length - 1
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1
      if (lineStarts[mid] <= index) lo = mid
      else hi = mid - 1
    }
    return lo + 1
  }
  let previousEnd = 0
  for (const s of result.statements) {
    /** @param {string} problem */
    const report = (problem) => found.push({ file, line: s.line, problem })
    if (!['sql', 'ddlx', 'invalid'].includes(s.kind)) report(`unknown kind ${JSON.stringify(s.kind)}`)
    if (!(Number.isInteger(s.start) && Number.isInteger(s.end) && s.start >= 0 && s.start <= s.end && s.end <= text.length)) {
      report(`offsets ${s.start}..${s.end} outside the file (${text.length} characters)`)
      continue
    }
    if (s.start < previousEnd) report(`statement starts at ${s.start}, inside the previous one (ends at ${previousEnd})`)
    previousEnd = s.end
    if (text.slice(s.start, s.end) !== s.text) report('text differs from the file at its offsets')
    if (s.text.trim() === '') report('empty statement')
    if (!Number.isInteger(s.line) || s.line !== lineOf(s.start)) report(`line ${s.line}, but its first character is on line ${lineOf(s.start)}`)
    if (s.kind === 'sql' && s.ast && Object.keys(s.ast).length !== 1) report('a parse tree that is not one statement')
    if (s.kind === 'ddlx' && !s.ddlx) report('DDLX statement without its meaning')
    if (s.kind === 'invalid') {
      if (!s.error || typeof s.error.message !== 'string' || s.error.message === '') report('invalid statement without a message')
      const at = s.error?.line
      if (!Number.isInteger(at) || /** @type {number} */ (at) < 1 || /** @type {number} */ (at) > lines) {
        report(`error line ${at} is not a line of the file (1..${lines})`)
      }
    }
  }
  for (const finding of result.findings) {
    if (finding.line !== undefined && !(Number.isInteger(finding.line) && finding.line >= 1 && finding.line <= lines)) {
      found.push({ file, line: finding.line, problem: `finding ${finding.code} on line ${finding.line}, not a line of the file (1..${lines})` })
    }
  }
  return found
}

/** @param {unknown} error */
function describe(error) {
  if (error instanceof Error) return { message: `${error.name}: ${error.message}`, stack: error.stack }
  return { message: String(error) }
}

/** @param {string} text */
function excerptOf(text) {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 120 ? `${flat.slice(0, 117)}...` : flat
}

/**
 * The report as people read it.
 * @param {ConformanceReport} report
 * @param {string} base folder that paths are shown relative to
 */
export function formatReport(report, base) {
  const t = report.timeMs
  const rows = [
    ['files', report.files],
    ['statements', report.statements],
    ['  with a parse tree', report.parsed],
    ['DDLX statements', report.ddlx],
    ['not valid PostgreSQL', report.invalid.length],
    ['crashes', report.crashes.length],
  ]
  if (report.anomalies.length > 0) rows.push(['anomalies (electrify bugs)', report.anomalies.length])
  const width = Math.max(...rows.map(([label]) => String(label).length))
  const out = [`conformance: ${displayPath(report.folder, base)} (${(report.bytes / 1e6).toFixed(1)} MB)`]
  for (const [label, value] of rows) out.push(`  ${String(label).padEnd(width)}  ${String(value).padStart(6)}`)
  out.push(
    `  ${'time'.padEnd(width)}  ${`${Math.round(t.total)} ms`.padStart(6)}` +
      `  (import ${Math.round(t.import)} ms, read ${Math.round(t.read)} ms, load parser ${Math.round(t.loadParser)} ms,` +
      ` analyse ${Math.round(t.analyse)} ms)`,
  )
  const codes = Object.entries(report.findings)
  if (codes.length > 0) out.push(`  findings: ${codes.map(([code, n]) => `${code} ×${n}`).join(', ')}`)
  if (report.invalid.length > 0) {
    out.push('', `not valid PostgreSQL (${report.invalid.length}):`)
    for (const s of report.invalid) {
      out.push(`  ${displayPath(s.file, base)}:${s.line}  ${s.message}`, `      ${s.excerpt}`)
    }
  }
  if (report.crashes.length > 0) {
    out.push('', `crashes (${report.crashes.length}):`)
    for (const c of report.crashes) {
      out.push(`  ${displayPath(c.file, base)}  (${c.stage}) ${c.message}`)
      const frames = (c.stack ?? '').split('\n').filter((l) => l.trim().startsWith('at ')).slice(0, 4)
      for (const frame of frames) out.push(`      ${frame.trim()}`)
    }
  }
  if (report.anomalies.length > 0) {
    out.push('', `anomalies (${report.anomalies.length}):`)
    for (const a of report.anomalies) out.push(`  ${displayPath(a.file, base)}${a.line === undefined ? '' : `:${a.line}`}  ${a.problem}`)
  }
  return out.join('\n')
}

/**
 * The command line; returns the exit code.
 * @param {string[]} argv
 */
export async function main(argv) {
  /** @type {{ json: boolean, folder: string }} */
  let args
  const base = invocationDir('conformance')
  try {
    args = parseCommandLine(argv, base)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`conformance: ${error.message}\n${USAGE.split('\n\n')[0]}\n(--help for more)\n`)
    return 2
  }
  if (args.folder === '') {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  let report
  try {
    report = await runConformance(args.folder)
  } catch (error) {
    // Not a file's crash: the library could not be loaded, or the folder could not be listed.
    process.stderr.write(`conformance: ${error instanceof Error ? error.message : String(error)}\n`)
    return 1
  }
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, base)}\n`)
  return exitCodeOf(report)
}

/**
 * @param {string[]} argv
 * @param {string} base
 */
function parseCommandLine(argv, base) {
  let parsed
  try {
    parsed = parseArgs({
      args: argv,
      options: { json: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  if (parsed.values.help) return { json: false, folder: '' }
  if (parsed.positionals.length === 0) throw new UsageError('which folder? (the corpus is ../shared/corpus/migrations)')
  if (parsed.positionals.length > 1) throw new UsageError(`one folder only, got ${parsed.positionals.length}`)
  return { json: parsed.values.json === true, folder: resolveFolder(parsed.positionals[0], base) }
}

if (isMain(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
