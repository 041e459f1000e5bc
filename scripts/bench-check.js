#!/usr/bin/env node
// @ts-check
/**
 * Wall time of `electrify check` as a whole process (`node bin/electrify.js check …`), the way a git
 * pre-commit hook runs it, on a real history: langfuse's schema with its 434 migrations from the
 * corpus, with a few models annotated and a last migration that electrifies them. The project is
 * built in a temporary folder (with an empty node_modules/, as a real project has, where the check
 * keeps its cache) and removed afterwards; the corpus is only read.
 *
 *   npm run build && node scripts/bench-check.js [--rounds N] [--json] [--corpus <dir>]
 *
 * Scenarios, each N separate processes:
 *   no cache     `check --no-cache`: every migration and the schema parsed (a first run, a CI runner)
 *   cached       `check`, nothing changed since the last check (the cache is warm)
 *   one change   `check` after the schema changed and one migration was added (the usual commit)
 *   staged       `check --staged` in a git repository, cache warm (what the hook runs)
 */
import { spawnSync } from 'node:child_process'
import { appendFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { parseArgs } from 'node:util'
import { machine } from './lib/machine.js'
import { isMain, repoRoot, roundMs, UsageError } from './lib/corpus.js'

const TARGET_MS = 300
const DEFAULT_ROUNDS = 9
const BIN = path.join(repoRoot, 'bin', 'electrify.js')
const DEFAULT_CORPUS = path.resolve(repoRoot, '..', 'shared', 'corpus')
/** Models of langfuse's schema annotated for the bench, and their tables. */
const ANNOTATED = [
  ['Account', 'Account'],
  ['Session', 'Session'],
  ['User', 'users'],
  ['VerificationToken', 'verification_tokens'],
  ['Organization', 'organizations'],
]

const USAGE = `usage: node scripts/bench-check.js [--rounds N] [--json] [--corpus <dir>]   (after npm run build)

Times \`electrify check\` as whole processes on langfuse's schema and 434 migrations from the corpus
(default ${path.relative(process.cwd(), DEFAULT_CORPUS) || DEFAULT_CORPUS}), with ${ANNOTATED.length} models annotated. Target: ${TARGET_MS} ms of wall time.`

/**
 * @typedef {{ min: number, median: number, max: number, rounds: number[] }} Stats
 * @typedef {{ name: string, command: string, wallMs: Stats, inProcessMs: Stats, timingsMs: Record<string, number>, findings: { errors: number, warnings: number } }} Scenario
 */

/** @param {{ rounds?: number, corpus?: string }} options */
export function runBenchCheck(options = {}) {
  const rounds = options.rounds ?? DEFAULT_ROUNDS
  const corpus = options.corpus ?? DEFAULT_CORPUS
  const dir = mkdtempSync(path.join(os.tmpdir(), 'electrify-bench-check-'))
  try {
    const project = buildProject(corpus, dir)
    const cwdArgs = ['--cwd', dir]
    /** @type {Scenario[]} */
    const scenarios = []
    scenarios.push(measure('no cache', ['check', '--no-cache', ...cwdArgs], rounds))
    run(['check', ...cwdArgs]) // fills the cache
    scenarios.push(measure('cached', ['check', ...cwdArgs], rounds))
    let added = 0
    scenarios.push(
      measure('one change', ['check', ...cwdArgs], rounds, () => {
        // The schema changes and a migration is added, as in a commit that adds a column.
        added++
        appendFileSync(project.schema, `\n// bench edit ${added}\n`)
        const folder = path.join(project.migrationsDir, `2099010100${String(added).padStart(4, '0')}_bench_${added}`)
        mkdirSync(folder)
        writeFileSync(path.join(folder, 'migration.sql'), `-- AlterTable\nALTER TABLE "users" ADD COLUMN "bench_${added}" TEXT;\n`)
      }),
    )
    git(dir, ['init', '-q'])
    git(dir, ['add', '-A'])
    run(['check', '--staged', ...cwdArgs])
    scenarios.push(measure('staged', ['check', '--staged', ...cwdArgs], rounds))
    return { project: { schema: 'langfuse__schema.prisma', migrations: project.migrations, annotated: ANNOTATED.map(([m]) => m) }, machine: machine(), target: TARGET_MS, scenarios }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * @param {string} corpus
 * @param {string} dir
 */
function buildProject(corpus, dir) {
  const schemaSource = path.join(corpus, 'schemas', 'langfuse__schema.prisma')
  const migrationsSource = path.join(corpus, 'migrations')
  let schema
  try {
    schema = readFileSync(schemaSource, 'utf8')
  } catch {
    throw new UsageError(`no langfuse schema at ${schemaSource}: pass --corpus <dir> (the folder with schemas/ and migrations/)`)
  }
  for (const [model] of ANNOTATED) {
    if (!schema.includes(`\nmodel ${model} {`)) throw new Error(`langfuse's schema has no model ${model}`)
    schema = schema.replace(`\nmodel ${model} {`, `\n/// @electric\nmodel ${model} {`)
  }
  const schemaFile = path.join(dir, 'prisma', 'schema.prisma')
  const migrationsDir = path.join(dir, 'prisma', 'migrations')
  mkdirSync(migrationsDir, { recursive: true })
  mkdirSync(path.join(dir, 'node_modules'))
  writeFileSync(schemaFile, schema)
  const files = readdirSync(migrationsSource).filter((f) => f.startsWith('langfuse__') && f.endsWith('.sql'))
  for (const file of files) {
    const folder = path.join(migrationsDir, file.slice('langfuse__'.length, -'.sql'.length))
    mkdirSync(folder)
    cpSync(path.join(migrationsSource, file), path.join(folder, 'migration.sql'))
  }
  const electrify = path.join(migrationsDir, '20990101000000_electrify_tables')
  mkdirSync(electrify)
  writeFileSync(path.join(electrify, 'migration.sql'), ANNOTATED.map(([, table]) => `ALTER TABLE "${table}" ENABLE ELECTRIC;\n`).join(''))
  return { schema: schemaFile, migrationsDir, migrations: files.length + 1 }
}

/**
 * @param {string} name
 * @param {string[]} args
 * @param {number} rounds
 * @param {() => void} [before] runs before each round, untimed
 * @returns {Scenario}
 */
function measure(name, args, rounds, before) {
  const wall = []
  const inProcess = []
  /** @type {Record<string, number[]>} */
  const timings = {}
  let last
  for (let i = 0; i < rounds; i++) {
    before?.()
    const started = process.hrtime.bigint()
    const result = run([...args, '--json'])
    wall.push(Number(process.hrtime.bigint() - started) / 1e6)
    try {
      last = JSON.parse(result.stdout)
    } catch {
      throw new Error(`electrify ${args.join(' ')} printed no JSON document:\n${result.stdout}\n${result.stderr}`)
    }
    inProcess.push(last.durationMs)
    for (const [key, ms] of Object.entries(last.timingsMs)) (timings[key] ??= []).push(ms)
  }
  return {
    name,
    command: `node bin/electrify.js ${args.join(' ')}`,
    wallMs: stats(wall),
    inProcessMs: stats(inProcess),
    timingsMs: Object.fromEntries(Object.entries(timings).map(([k, v]) => [k, roundMs(stats(v).median)])),
    findings: { errors: last.errors, warnings: last.warnings },
  }
}

/** @param {string[]} args */
function run(args) {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } })
  if (result.status !== 0 && result.status !== 1) throw new Error(`electrify ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`)
  return result
}

/**
 * @param {string} cwd
 * @param {string[]} args
 */
function git(cwd, args) {
  const result = spawnSync('git', args, { cwd, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`git ${args.join(' ')}: ${result.stderr}`)
}

/** @param {number[]} values @returns {Stats} */
function stats(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length / 2
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[mid - 1] + sorted[mid]) / 2
  return { min: roundMs(sorted[0]), median: roundMs(median), max: roundMs(sorted[sorted.length - 1]), rounds: values.map(roundMs) }
}


/** @param {ReturnType<typeof runBenchCheck>} report */
function print(report) {
  const m = report.machine
  const lines = [
    `bench-check: langfuse's schema (${report.project.annotated.length} models annotated) and ${report.project.migrations} migrations`,
    `node ${m.node}, ${m.cpu} (${m.cpus} CPUs), load ${m.load.join(' ')}, ${m.date}`,
    '',
    `  ${'scenario'.padEnd(12)} ${'wall min / median / max'.padStart(26)}   in-process median   findings`,
  ]
  for (const s of report.scenarios) {
    const w = s.wallMs
    const ok = w.median < report.target ? '✓' : '✗'
    lines.push(`  ${s.name.padEnd(12)} ${`${w.min} / ${w.median} / ${w.max} ms`.padStart(26)} ${ok} ${`${s.inProcessMs.median} ms`.padStart(10)}         ${s.findings.errors} errors, ${s.findings.warnings} warnings`)
  }
  lines.push('', `  target: median wall time under ${report.target} ms (node's start-up included)`, '')
  for (const s of report.scenarios) lines.push(`  ${s.name}: ${s.command}`, `    in-process median by step (ms): ${JSON.stringify(s.timingsMs)}`)
  console.log(lines.join('\n'))
}

if (isMain(import.meta.url)) {
  try {
    const { values } = parseArgs({ options: { rounds: { type: 'string' }, json: { type: 'boolean' }, corpus: { type: 'string' }, help: { type: 'boolean' } } })
    if (values.help) {
      console.log(USAGE)
      process.exit(0)
    }
    const rounds = values.rounds === undefined ? undefined : Number(values.rounds)
    if (rounds !== undefined && !(Number.isInteger(rounds) && rounds > 0)) throw new UsageError('--rounds takes a whole number above 0')
    const report = runBenchCheck({ rounds, corpus: values.corpus && path.resolve(values.corpus) })
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
