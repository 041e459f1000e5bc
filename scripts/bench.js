#!/usr/bin/env node
// @ts-check
/**
 * Speed of the analysis on a folder of real migrations, and of one injection into its largest file.
 * Reads only; writes NOTHING (the injection is rendered in memory).
 *
 *   npm run bench [-- <dir>] [-- --rounds 10] [-- --json]
 *   node scripts/bench.js [<dir>] [--rounds N] [--json]     (after `npm run build`)
 *
 * <dir> defaults to the corpus, ../shared/corpus/migrations from the repository root. The target
 * (issue 2): all 1,894 corpus migrations analysed in under 1 s of wall time in one process.
 */
import { readFileSync } from 'node:fs'
import { parseArgs } from 'node:util'
import { machine } from './lib/machine.js'
import v8 from 'node:v8'
import {
  defaultCorpus,
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

const TARGET_MS = 1000
const DEFAULT_ROUNDS = 7

const USAGE = `usage: npm run bench [-- <dir>] [--rounds N] [--json]
       node scripts/bench.js [<dir>] [--rounds N] [--json]

Times the analysis of every migration of <dir> (default: ../shared/corpus/migrations from the repository
root): reading the files, then a cold round that includes loadSqlParser(), then N warm rounds (min and
median), plus one injection into the largest file rendered in memory, and peak memory. Writes nothing.

  --rounds N   warm rounds (default ${DEFAULT_ROUNDS})
  --json       one JSON document on stdout (use \`npm run -s bench -- --json\` so npm prints no banner)

Exit 0: measured (whether or not the target is met). Exit 1: the analysis crashed. Exit 2: usage error.`

/**
 * @typedef {import('../dist/index.js').TableName} TableName
 *
 * @typedef {object} BenchReport
 * @property {string} folder
 * @property {number} files
 * @property {number} bytes
 * @property {number} statements
 * @property {{ node: string, v8: string, cpu: string, cpus: number, platform: string, date: string }} machine
 * @property {{ import: number, read: number, loadParser: number, coldAnalyse: number, cold: number,
 *   processToCold: number, warm: { rounds: number[], min: number, median: number, max: number } }} timeMs
 *   `cold` = loadParser + coldAnalyse (a fresh process's first analysis of the folder);
 *   `processToCold` = from the process's start (node's own boot included) to the end of that cold round
 * @property {{ ms: number, met: boolean, measure: string }} target
 * @property {{ file: string, bytes: number, statements: number, tables: string[], analyseMs: number,
 *   renderMs: number, renderMicrosPerCall: number, appendedBytes: number, verified: boolean }} inject
 * @property {{ peakRssMB: number, heapUsedPeakMB: number, heapUsedAfterMB: number, externalMB: number }} memory
 */

/**
 * @param {string} folder absolute path
 * @param {{ rounds?: number }} [options]
 * @returns {Promise<BenchReport>}
 */
export async function runBench(folder, options = {}) {
  const rounds = options.rounds ?? DEFAULT_ROUNDS
  let heapPeak = 0
  const sampleHeap = () => {
    heapPeak = Math.max(heapPeak, v8.getHeapStatistics().used_heap_size)
  }

  const t0 = performance.now()
  const library = await importLibrary()
  const t1 = performance.now()
  const sources = listSqlFiles(folder).map(readSqlFile)
  const t2 = performance.now()
  sampleHeap()
  if (sources.length === 0) throw new UsageError(`no *.sql files and no */migration.sql in ${folder}`)

  const inputs = sources.map((s) => ({ name: s.name, file: s.file, sql: s.sql }))
  /** One pass over the folder; the results stay alive until the heap is sampled. */
  const analyseAll = () => {
    const results = inputs.map(library.analyzeMigration)
    sampleHeap()
    return results
  }

  // Cold: what one `electrify` process pays the first time (parser load, WebAssembly and JIT warm-up).
  await library.loadSqlParser()
  const t3 = performance.now()
  const first = analyseAll()
  const t4 = performance.now()
  const statements = first.reduce((n, r) => n + r.statements.length, 0)

  /** @type {number[]} */
  const warm = []
  for (let i = 0; i < rounds; i++) {
    const before = performance.now()
    analyseAll()
    warm.push(performance.now() - before)
  }

  const inject = benchInjection(library, sources, first)
  sampleHeap()

  const sorted = [...warm].sort((a, b) => a - b)
  const median = sorted.length === 0 ? NaN : sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[sorted.length / 2 - 1] + sorted[sorted.length / 2]) / 2
  const memory = process.memoryUsage()
  // performance.now() counts from the process's time origin, so t4 includes node's own start-up.
  const processToCold = t4
  return {
    folder,
    files: sources.length,
    bytes: sources.reduce((n, s) => n + s.bytes, 0),
    statements,
    machine: machine(),
    timeMs: {
      import: roundMs(t1 - t0),
      read: roundMs(t2 - t1),
      loadParser: roundMs(t3 - t2),
      coldAnalyse: roundMs(t4 - t3),
      cold: roundMs(t4 - t2),
      processToCold: roundMs(processToCold),
      warm: { rounds: warm.map(roundMs), min: roundMs(sorted[0] ?? NaN), median: roundMs(median), max: roundMs(sorted[sorted.length - 1] ?? NaN) },
    },
    target: {
      ms: TARGET_MS,
      met: processToCold < TARGET_MS,
      measure: 'process start (node boot, import, reading the files included) to the end of the first analysis of every file',
    },
    inject,
    memory: {
      peakRssMB: roundMs(process.resourceUsage().maxRSS / 1024),
      heapUsedPeakMB: roundMs(heapPeak / 2 ** 20),
      heapUsedAfterMB: roundMs(memory.heapUsed / 2 ** 20),
      externalMB: roundMs(memory.external / 2 ** 20),
    },
  }
}

/**
 * One injection into the largest file, in memory: analyse it, render the appendix for a few of its
 * tables, and check that the extended text analyses to the same statements plus one DDLX per table.
 * @param {typeof import('../dist/index.js')} library
 * @param {import('./lib/corpus.js').SqlSource[]} sources
 * @param {import('../dist/index.js').AnalyzedMigration[]} analysed
 */
function benchInjection(library, sources, analysed) {
  let largest = 0
  for (let i = 1; i < sources.length; i++) if (sources[i].bytes > sources[largest].bytes) largest = i
  const source = sources[largest]

  const a0 = performance.now()
  const analysis = library.analyzeMigration({ name: source.name, file: source.file, sql: source.sql })
  const a1 = performance.now()

  /** @type {TableName[]} */
  const tables = []
  for (const event of analysis.events) {
    if (event.type === 'create' && tables.length < 3) tables.push(event.table)
  }
  if (tables.length === 0) tables.push({ schema: 'public', name: 'BenchItem' }, { schema: 'public', name: 'Bench Other' })

  const r0 = performance.now()
  const appendix = library.renderAppendix(source.sql, tables)
  const r1 = performance.now()
  // One call is a few microseconds: time many for a stable per-call figure.
  const calls = 2000
  const m0 = performance.now()
  for (let i = 0; i < calls; i++) library.renderAppendix(source.sql, tables)
  const m1 = performance.now()

  const extended = library.analyzeMigration({ name: source.name, file: source.file, sql: source.sql + appendix })
  const added = extended.statements.slice(analysis.statements.length)
  const verified =
    extended.statements.length === analysis.statements.length + tables.length &&
    added.every((s, i) => s.kind === 'ddlx' && s.ddlx?.kind === 'enable' && library.tableKey(s.ddlx.table) === library.tableKey(tables[i]))
  // Nothing was written: the file on disk is still what was read.
  if (readFileSync(source.file, 'utf8') !== source.sql) throw new Error(`${source.file} changed during the benchmark`)

  return {
    file: source.file,
    bytes: source.bytes,
    statements: analysis.statements.length,
    tables: tables.map(library.tableKey),
    analyseMs: roundMs(a1 - a0),
    renderMs: Math.round((r1 - r0) * 1000) / 1000,
    renderMicrosPerCall: Math.round(((m1 - m0) * 1000) / calls * 10) / 10,
    appendedBytes: Buffer.byteLength(appendix, 'utf8'),
    verified,
  }
}


/**
 * @param {BenchReport} r
 * @param {string} base
 */
export function formatReport(r, base) {
  const t = r.timeMs
  const ms = (/** @type {number} */ n) => `${n.toFixed(n < 10 ? 1 : 0)} ms`
  /** @type {[string, string][]} */
  const rows = [
    ['import dist/index.js', ms(t.import)],
    [`read ${r.files} files (${(r.bytes / 1e6).toFixed(2)} MB)`, ms(t.read)],
    ['cold: loadSqlParser()', ms(t.loadParser)],
    ['cold: analyse all, first round', ms(t.coldAnalyse)],
    ['cold: total (parser + first round)', ms(t.cold)],
    [`warm: analyse all, min / median (${t.warm.rounds.length} rounds)`, `${ms(t.warm.min)} / ${ms(t.warm.median)}`],
    ['process start → first round done', `${ms(t.processToCold)}  ${r.target.met ? '✓' : '✗'} target < ${r.target.ms} ms`],
    [`inject: analyse largest file (${r.inject.statements} statements)`, ms(r.inject.analyseMs)],
    [`inject: render appendix (${r.inject.tables.length} tables)`, `${r.inject.renderMicrosPerCall} µs${r.inject.verified ? '' : '  ✗ NOT VERIFIED'}`],
    ['peak RSS / peak heap used', `${r.memory.peakRssMB.toFixed(0)} MB / ${r.memory.heapUsedPeakMB.toFixed(0)} MB`],
  ]
  const width = Math.max(...rows.map(([label]) => label.length))
  return [
    `bench: ${displayPath(r.folder, base)} — ${r.files} files, ${r.statements} statements`,
    `node ${r.machine.node}, ${r.machine.cpu} (${r.machine.cpus} CPUs), ${r.machine.date}`,
    '',
    ...rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`),
    '',
    `  largest file: ${displayPath(r.inject.file, base)} (${(r.inject.bytes / 1e3).toFixed(1)} kB); tables: ${r.inject.tables.join(', ')}`,
    `  warm rounds: ${r.timeMs.warm.rounds.map((n) => n.toFixed(0)).join(', ')} ms`,
  ].join('\n')
}

/**
 * The command line; returns the exit code.
 * @param {string[]} argv
 */
export async function main(argv) {
  const base = invocationDir('bench')
  /** @type {{ json: boolean, folder: string, rounds: number, help: boolean }} */
  let args
  try {
    args = parseCommandLine(argv, base)
  } catch (error) {
    if (!(error instanceof UsageError)) throw error
    process.stderr.write(`bench: ${error.message}\n${USAGE.split('\n\n')[0]}\n(--help for more)\n`)
    return 2
  }
  if (args.help) {
    process.stdout.write(`${USAGE}\n`)
    return 0
  }
  let report
  try {
    report = await runBench(args.folder, { rounds: args.rounds })
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`bench: ${error.message}\n`)
      return 2
    }
    process.stderr.write(`bench: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
    return 1
  }
  process.stdout.write(args.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatReport(report, base)}\n`)
  return 0
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
      options: { json: { type: 'boolean' }, rounds: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
      allowPositionals: true,
      strict: true,
    })
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error))
  }
  const { values, positionals } = parsed
  if (values.help) return { json: false, folder: '', rounds: 0, help: true }
  if (positionals.length > 1) throw new UsageError(`one folder only, got ${positionals.length}`)
  const rounds = values.rounds === undefined ? DEFAULT_ROUNDS : Number(values.rounds)
  if (!Number.isInteger(rounds) || rounds < 1 || rounds > 1000) throw new UsageError(`--rounds wants a whole number from 1 to 1000, got ${values.rounds}`)
  let folder
  if (positionals.length === 1) {
    folder = resolveFolder(positionals[0], base)
  } else {
    try {
      folder = resolveFolder(defaultCorpus, base)
    } catch {
      throw new UsageError(`the corpus is not at ${defaultCorpus}; pass a folder of migrations`)
    }
  }
  return { json: values.json === true, folder, rounds, help: false }
}

if (isMain(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
