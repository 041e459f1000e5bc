#!/usr/bin/env node
// @ts-check
/**
 * `electrify check` (and `inject`) as whole processes, the way a git pre-commit hook runs them, against
 * a floor measured in the same run: a node process that only reads the same schema and migration files
 * (scripts/lib/read-floor.js). Every figure is a ratio to that floor, so a busy machine moves both.
 * The projects are built in a temporary folder (scripts/lib/bench-projects.js) and removed afterwards;
 * the corpus is only read.
 *
 *   npm run build && node scripts/bench-check.js [--rounds N] [--large-rounds N] [--large-mb N]
 *                         [--only langfuse,inbox-zero,assembled,large] [--callgrind] [--bin <file>] [--against <file>]
 *                         [--json] [--corpus <dir>]
 *
 * Projects and scenarios (issue 13's targets; each scenario N separate processes, interleaved with the floor;
 * --callgrind adds one run of each under valgrind for instruction counts, --bin measures another build,
 * --against times another build in the same rounds):
 *   langfuse, inbox-zero   the two largest corpus histories; assembled: all 1,894 corpus migrations as one
 *     no cache   `check --no-cache`                  ≤ 3× the floor
 *     cached     `check`, nothing changed             ≤ 1.5× the floor; the cache file ≤ the SQL it describes
 *     the parsers alone  (informative) the floor's reading plus only the parsing a cold check asks of
 *                Prisma's schema parser and libpg-query (scripts/lib/parsers-floor.js)
 *     (langfuse) one change, staged: a schema edit plus a new migration; `check --staged` (informative)
 *   large       one generated migration of 20 MB (CREATE TABLE, 100,000 INSERTs)
 *     inject     `inject --dry-run` before it is electrified   ≤ 10× the floor and ≤ 300 MB
 *     no cache   `check --no-cache` after `inject`            ≤ 10× the floor and ≤ 300 MB
 *     first      `check` with no cache yet (writes it)        ≤ 10× the floor and ≤ 300 MB
 *     cached     `check` again                                (informative); cache ≤ the SQL
 *     stale      `check` after the file shrank, with the cache of the larger file: ≤ first (+5%, noise)
 */
import { spawnSync } from 'node:child_process'
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync, cpSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { assembledProject, corpusProject, largeMigrationProject } from './lib/bench-projects.js'
import { isMain, repoRoot, UsageError } from './lib/corpus.js'
import { machine } from './lib/machine.js'
import { measurePhase, runTimed } from './lib/processes.js'

let BIN = path.join(repoRoot, 'bin', 'electrify.js')
const FLOOR = path.join(repoRoot, 'scripts', 'lib', 'read-floor.js')
const PARSERS_FLOOR = path.join(repoRoot, 'scripts', 'lib', 'parsers-floor.js')
const DEFAULT_CORPUS = path.resolve(repoRoot, '..', 'shared', 'corpus')
const PROJECTS = ['langfuse', 'inbox-zero', 'assembled', 'large']
const TARGETS = { cold: 3, warm: 1.5, large: 10, largeRssMB: 300 }

const USAGE = `usage: node scripts/bench-check.js [--rounds N] [--large-rounds N] [--large-mb N] [--only ${PROJECTS.join(',')}] [--callgrind] [--bin <file>] [--against <file>]
       [--json] [--corpus <dir>]   (after npm run build)

Times \`electrify check\` and \`inject\` as whole processes against a node process that only reads the
same files, on the largest corpus histories, all corpus migrations as one history, and one generated
migration of --large-mb MB (default 20). Rounds: --rounds (default 7), --large-rounds (default 3).
--callgrind: one more round of each under valgrind's callgrind, for instruction counts (× the floor's)
that a busy machine does not change.
--bin <file>: measure another build's bin/electrify.js (e.g. a checkout of main), same projects and floor.
--against <file>: also time another build's bin/electrify.js in the same rounds (histories only).`

/**
 * @typedef {import('./lib/processes.js').Measured & { target?: string, met?: boolean }} Result
 * @typedef {{ key: string, description: string, migrations: number, sqlBytes: number, cacheBytes?: number, results: Result[] }} ProjectReport
 */

/** @param {{ rounds?: number, largeRounds?: number, largeMB?: number, only?: string[], corpus?: string, callgrind?: boolean, against?: string }} options */
export function runBenchCheck(options = {}) {
  const rounds = options.rounds ?? 7
  const largeRounds = options.largeRounds ?? 3
  const corpus = options.corpus ?? DEFAULT_CORPUS
  const only = options.only ?? PROJECTS
  const temp = mkdtempSync(path.join(os.tmpdir(), 'electrify-bench-check-'))
  /** @type {ProjectReport[]} */
  const projects = []
  try {
    for (const key of only) {
      const dir = path.join(temp, key)
      const measure = { callgrind: options.callgrind, against: options.against }
      if (key === 'large') projects.push(benchLarge(largeMigrationProject(dir, (options.largeMB ?? 20) * 1e6), largeRounds, measure))
      else projects.push(benchHistory(key === 'assembled' ? assembledProject(corpus, dir) : corpusProject(corpus, key, dir), rounds, measure))
    }
    return { machine: machine(), targets: TARGETS, projects }
  } finally {
    rmSync(temp, { recursive: true, force: true })
  }
}

/**
 * @param {import('./lib/bench-projects.js').BenchProject} project
 * @param {number} rounds
 * @param {{ callgrind?: boolean, against?: string }} options
 * @returns {ProjectReport}
 */
function benchHistory(project, rounds, options) {
  const cwd = ['--cwd', project.dir]
  const floor = { name: 'floor (read only)', args: [FLOOR, project.schema, project.migrationsDir] }
  check(project, [...cwd]) // fills the cache
  const scenarios = [
    floor,
    { name: 'no cache', cwd: project.dir, args: [BIN, 'check', '--no-cache', ...cwd, '--json'] },
    { name: 'cached', cwd: project.dir, args: [BIN, 'check', ...cwd, '--json'] },
    // (informative: the share of the cold budget that the two parsers take whatever electrify does around them)
    { name: 'the parsers alone', args: [PARSERS_FLOOR, project.schema, project.migrationsDir], okStatus: [0] },
  ]
  if (options.against) {
    // The other build in the same rounds, so that both meet the same moments of a busy machine; on a
    // copy of the project, since each build's cache and kept outcome are stamped with its own modules
    // (one folder for both, each cached round would find the other build's cache and start afresh).
    const copy = `${project.dir}-against`
    cpSync(project.dir, copy, { recursive: true })
    const otherCwd = ['--cwd', copy]
    runTimed([options.against, 'check', ...otherCwd], undefined, { cwd: copy })
    scenarios.push(
      { name: 'other: no cache', cwd: copy, args: [options.against, 'check', '--no-cache', ...otherCwd, '--json'] },
      { name: 'other: cached', cwd: copy, args: [options.against, 'check', ...otherCwd, '--json'] },
    )
  }
  const results = measurePhase(scenarios, rounds, options)
  const cacheBytes = cacheSize(project)
  judge(results[1], TARGETS.cold)
  judge(results[2], TARGETS.warm)
  if (project.key === 'langfuse') results.push(...hookScenarios(project, floor, rounds, options))
  return report(project, results, cacheBytes)
}

/**
 * The usual commit (the schema changed and a migration was added) and what the hook runs (`--staged`).
 * @param {import('./lib/bench-projects.js').BenchProject} project
 * @param {import('./lib/processes.js').Scenario} floor
 * @param {number} rounds
 * @param {{ callgrind?: boolean }} options
 */
function hookScenarios(project, floor, rounds, options) {
  const cwd = ['--cwd', project.dir]
  let added = 0
  const oneChange = measurePhase(
    [
      floor,
      {
        name: 'one change',
        cwd: project.dir,
        args: [BIN, 'check', ...cwd, '--json'],
        before: () => {
          added++
          appendFileSync(project.schema, `\n// bench edit ${added}\n`)
          const folder = path.join(project.migrationsDir, `2099010100${String(added).padStart(4, '0')}_bench_${added}`)
          mkdirSync(folder)
          writeFileSync(path.join(folder, 'migration.sql'), `-- AlterTable\nALTER TABLE "users" ADD COLUMN "bench_${added}" TEXT;\n`)
        },
      },
    ],
    rounds,
    options,
  )
  git(project.dir, ['init', '-q'])
  git(project.dir, ['add', '-A'])
  check(project, [...cwd, '--staged'])
  const staged = measurePhase([floor, { name: 'staged', cwd: project.dir, args: [BIN, 'check', '--staged', ...cwd, '--json'] }], rounds, options)
  return [oneChange[1], staged[1]]
}

/**
 * @param {import('./lib/bench-projects.js').BenchProject} project
 * @param {number} rounds
 * @param {{ callgrind?: boolean }} options
 * @returns {ProjectReport}
 */
function benchLarge(project, rounds, options) {
  const cwd = ['--cwd', project.dir]
  const floor = { name: 'floor (read only)', args: [FLOOR, project.schema, project.migrationsDir] }
  const [, inject] = measurePhase([floor, { name: 'inject --dry-run', cwd: project.dir, args: [BIN, 'inject', '--dry-run', ...cwd, '--json'], okStatus: [0] }], rounds, options)
  judge(inject, TARGETS.large, TARGETS.largeRssMB)
  runTimed([BIN, 'inject', ...cwd], [0]) // the migration now ends with ENABLE ELECTRIC, as after a real inject
  const file = path.join(project.migrationsDir, readdirSync(project.migrationsDir)[0], 'migration.sql')
  const full = readFileSync(file, 'utf8')
  // The same migration with a tenth of its rows deleted (its ENABLE ELECTRIC kept).
  const cut = full.indexOf('INSERT', Math.floor(full.length * 0.8))
  const shrunk = full.slice(0, cut) + full.slice(full.indexOf('INSERT', Math.floor(full.length * 0.9)))
  const cacheDir = path.join(project.dir, 'node_modules', '.cache')
  const saved = path.join(project.dir, 'cache-of-full')
  check(project, cwd)
  cpSync(cacheDir, saved, { recursive: true })
  const results = measurePhase(
    [
      floor,
      { name: 'no cache', cwd: project.dir, args: [BIN, 'check', '--no-cache', ...cwd, '--json'] },
      { name: 'first (no cache yet)', cwd: project.dir, args: [BIN, 'check', ...cwd, '--json'], before: () => rmSync(cacheDir, { recursive: true, force: true }) },
      { name: 'cached', cwd: project.dir, args: [BIN, 'check', ...cwd, '--json'] },
      {
        name: 'stale (file shrank)',
        cwd: project.dir,
        args: [BIN, 'check', ...cwd, '--json'],
        before: () => writeFileSync(file, shrunk),
        after: () => {
          writeFileSync(file, full)
          rmSync(cacheDir, { recursive: true, force: true })
          cpSync(saved, cacheDir, { recursive: true })
        },
      },
    ],
    rounds,
    options,
  )
  const cacheBytes = cacheSize(project)
  judge(results[1], TARGETS.large, TARGETS.largeRssMB)
  judge(results[2], TARGETS.large, TARGETS.largeRssMB)
  // A stale cache is read, found to hold nothing for this text, and rewritten: the same work as a first
  // check (analyse, write the cache) plus reading the old file, which must not cost more than noise.
  const [stale, first] = [results[4], results[2]]
  stale.target = `≤ first (${first.wallMs.median} ms)`
  stale.met = stale.wallMs.median <= first.wallMs.median * 1.05
  return report(project, [inject, ...results.slice(1)], cacheBytes)
}

/**
 * @param {Result} result
 * @param {number} ratio
 * @param {number} [rssMB]
 */
function judge(result, ratio, rssMB) {
  result.target = `≤ ${ratio}×${rssMB ? `, ≤ ${rssMB} MB` : ''}`
  result.met = (result.ratio?.median ?? Infinity) <= ratio && (rssMB === undefined || result.peakRssMB.max <= rssMB)
}

/**
 * @param {import('./lib/bench-projects.js').BenchProject} project
 * @param {Result[]} results
 * @param {number | undefined} cacheBytes
 * @returns {ProjectReport}
 */
function report(project, results, cacheBytes) {
  const findings = (/** @type {Result} */ r) => {
    try {
      const last = JSON.parse(r.last)
      return last.findings ? { errors: last.errors, warnings: last.warnings, timingsMs: last.timingsMs } : undefined
    } catch {
      return undefined
    }
  }
  return {
    key: project.key,
    description: project.description,
    migrations: project.migrations,
    sqlBytes: project.sqlBytes,
    cacheBytes,
    results: results.map((r) => ({ ...r, last: undefined, outcome: findings(r) })),
  }
}

/** @param {import('./lib/bench-projects.js').BenchProject} project */
function cacheSize(project) {
  const folder = path.join(project.dir, 'node_modules', '.cache', 'electrify')
  try {
    return readdirSync(folder).reduce((sum, name) => sum + statSync(path.join(folder, name)).size, 0)
  } catch {
    return undefined
  }
}

/**
 * @param {import('./lib/bench-projects.js').BenchProject} project
 * @param {string[]} args
 */
function check(project, args) {
  runTimed([BIN, 'check', ...args], undefined, { cwd: project.dir })
}

/**
 * @param {string} cwd
 * @param {string[]} args
 */
function git(cwd, args) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
}

/** @param {ReturnType<typeof runBenchCheck>} r */
function print(r) {
  const m = r.machine
  const lines = [`bench-check: ${path.relative(process.cwd(), BIN)}; node ${m.node}, ${m.cpu} (${m.cpus} CPUs), load ${m.load.join(' ')}, ${m.date}`]
  for (const p of r.projects) {
    const cache = p.cacheBytes === undefined ? '' : `; cache ${(p.cacheBytes / 1e6).toFixed(2)} MB ${p.cacheBytes <= p.sqlBytes ? '✓' : '✗'} (≤ the SQL)`
    lines.push('', `${p.key}: ${p.description}; ${p.migrations} migrations, ${(p.sqlBytes / 1e6).toFixed(2)} MB of SQL${cache}`)
    const counted = p.results.some((s) => s.instructions !== undefined)
    lines.push(`  ${'scenario'.padEnd(22)} ${'wall min / median / max ms'.padStart(30)}  ${'× floor (range)'.padStart(18)}  peak RSS${counted ? '  instructions (× floor)' : ''}  target`)
    for (const s of p.results) {
      const w = s.wallMs
      const ratio = s.ratio ? `${s.ratio.median.toFixed(2)} (${s.ratio.min.toFixed(2)}-${s.ratio.max.toFixed(2)})` : ''
      const target = s.target ? `${s.target} ${s.met ? '✓' : '✗'}` : ''
      const instructions = s.instructions === undefined ? '' : `  ${`${(s.instructions / 1e9).toFixed(2)} G${s.instructionRatio ? ` (${s.instructionRatio.toFixed(2)})` : ''}`.padStart(21)}`
      lines.push(`  ${s.name.padEnd(22)} ${`${w.min} / ${w.median} / ${w.max}`.padStart(30)}  ${ratio.padStart(18)}  ${`${Math.round(s.peakRssMB.max)} MB`.padStart(8)}${instructions}  ${target}`)
    }
    const floor = p.results.find((s) => s.name.startsWith('floor'))
    if (floor) lines.push(`  floor: ${floor.command}`)
  }
  console.log(lines.join('\n'))
}

if (isMain(import.meta.url)) {
  try {
    const { values } = parseArgs({
      options: {
        rounds: { type: 'string' },
        'large-rounds': { type: 'string' },
        'large-mb': { type: 'string' },
        only: { type: 'string' },
        json: { type: 'boolean' },
        corpus: { type: 'string' },
        callgrind: { type: 'boolean' },
        bin: { type: 'string' },
        against: { type: 'string' },
        help: { type: 'boolean' },
      },
    })
    if (values.help) {
      console.log(USAGE)
      process.exit(0)
    }
    const count = (/** @type {string | undefined} */ value, /** @type {string} */ flag) => {
      if (value === undefined) return undefined
      const n = Number(value)
      if (!(n > 0 && Number.isFinite(n))) throw new UsageError(`${flag} takes a number above 0`)
      return n
    }
    if (values.bin) BIN = path.resolve(values.bin)
    const only = values.only?.split(',').map((s) => s.trim())
    for (const key of only ?? []) if (!PROJECTS.includes(key)) throw new UsageError(`--only: unknown project ${key} (${PROJECTS.join(', ')})`)
    const report = runBenchCheck({
      rounds: count(values.rounds, '--rounds'),
      largeRounds: count(values['large-rounds'], '--large-rounds'),
      largeMB: count(values['large-mb'], '--large-mb'),
      only,
      corpus: values.corpus && path.resolve(values.corpus),
      callgrind: values.callgrind,
      against: values.against && path.resolve(values.against),
    })
    if (values.json) console.log(JSON.stringify(report, null, 2))
    else print(report)
  } catch (error) {
    if (error instanceof UsageError || (error instanceof TypeError && /** @type {any} */ (error).code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION')) {
      console.error(`bench-check: ${error.message}\n\n${USAGE}`)
      process.exit(2)
    }
    throw error
  }
}
