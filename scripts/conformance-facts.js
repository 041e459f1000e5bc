#!/usr/bin/env node
// @ts-check
/**
 * Are two builds of electrify's analysis giving the same answers? Computes, for every migration of a
 * folder, what electrify's answers depend on — every statement's position and kind, the parts of its
 * parse tree electrify reads (src/sql/table-tree.ts), DDLX, errors, table events, findings — and,
 * for each project's history, Electric's history rules with every table electrified right after the
 * migration that creates it (so that every later ALTER, DROP or RENAME of real migrations meets the
 * rules), then compares them with another build's. Reads only.
 *
 *   npm run build && node scripts/conformance-facts.js <dir> --against <other repository root> [--json]
 *
 * The other build is a checkout of another commit with `npm run build` done in it, e.g.
 *   git worktree add /tmp/electrify-main main && ln -s "$PWD/node_modules" /tmp/electrify-main/ \
 *     && (cd /tmp/electrify-main && npx tsc -p tsconfig.build.json)
 * <dir> is as for scripts/conformance.js (`*.sql` files, `<key>__<name>.sql` grouped into one history
 * per key as in the corpus, or a Prisma migrations folder as one history).
 * Exit 0: the same facts. Exit 1: differences (the first ones are printed). Exit 2: usage error.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { isDeepStrictEqual } from 'node:util'
import { importLibrary, invocationDir, isMain, listSqlFiles, readSqlFile, repoRoot, resolveFolder, UsageError } from './lib/corpus.js'

const USAGE = `usage: node scripts/conformance-facts.js <dir> --against <other repository root> [--json]   (after npm run build)`
const SHOWN = 20

/**
 * @typedef {typeof import('../dist/index.js')} Library
 * @typedef {import('../dist/index.js').AnalyzedMigration} AnalyzedMigration
 * @typedef {(ast: import('libpg-query').Node) => import('libpg-query').Node | undefined} Reduce
 */

/**
 * The facts of every migration and every history of `folder`, as `library` computes them.
 * @param {Library} library
 * @param {Reduce} reduce this build's tableTree, applied to both builds' trees
 * @param {import('./lib/corpus.js').SqlSource[]} sources
 */
export function factsOf(library, reduce, sources) {
  /** @type {Record<string, unknown>} */
  const files = {}
  /** @type {Map<string, AnalyzedMigration[]>} */
  const histories = new Map()
  for (const source of sources) {
    const analysed = library.analyzeMigration({ name: source.name, file: source.file, sql: source.sql })
    files[source.relative] = {
      statements: analysed.statements.map((s) => [s.line, s.start, s.end, s.kind, s.ast ? (reduce(s.ast) ?? null) : null, s.ddlx ?? null, s.error ?? null]),
      events: analysed.events,
      findings: analysed.findings,
    }
    const key = source.name.includes('__') ? source.name.slice(0, source.name.indexOf('__')) : ''
    if (!histories.has(key)) histories.set(key, [])
    histories.get(key)?.push(analysed)
  }
  /** @type {Record<string, unknown>} */
  const rules = {}
  for (const [key, history] of histories) {
    const electrified = history.flatMap((migration) => [migration, electrifyCreated(library, migration)])
    const state = library.replayHistory(electrified)
    rules[key] = {
      findings: library.historyFindings(electrified).map((f) => ({ ...f, file: path.basename(path.dirname(f.file)) + '/' + path.basename(f.file) })),
      tables: [...state.tables.keys()].sort(),
      electrified: [...state.electrified.keys()].sort(),
      foreignKeys: state.foreignKeys.map((fk) => `${library.tableKey(fk.from)} -> ${library.tableKey(fk.to)}`),
    }
  }
  return { files, rules }
}

/**
 * A migration that electrifies every table `migration` creates, right after it.
 * @param {Library} library
 * @param {AnalyzedMigration} migration
 */
function electrifyCreated(library, migration) {
  const sql = migration.events.flatMap((e) => (e.type === 'create' ? [`ALTER TABLE ${library.quoteTableName(e.table)} ENABLE ELECTRIC;\n`] : [])).join('')
  return library.analyzeMigration({ name: `${migration.name}_electrified`, file: `${migration.file}.electrified`, sql })
}

/**
 * The differences between two sets of facts, as `where: what` lines.
 * @param {ReturnType<typeof factsOf>} a
 * @param {ReturnType<typeof factsOf>} b
 */
export function differences(a, b) {
  /** @type {string[]} */
  const found = []
  for (const kind of /** @type {const} */ (['files', 'rules'])) {
    const keys = new Set([...Object.keys(a[kind]), ...Object.keys(b[kind])])
    for (const key of keys) {
      const x = /** @type {any} */ (a[kind][key])
      const y = /** @type {any} */ (b[kind][key])
      if (x === undefined || y === undefined) found.push(`${kind} ${key}: only in one build`)
      else for (const field of Object.keys(x)) if (!isDeepStrictEqual(x[field], y[field])) found.push(`${kind} ${key}: ${field} differ: ${firstDifference(x[field], y[field])}`)
    }
  }
  return found
}

/** @param {unknown[]} x @param {unknown[]} y */
function firstDifference(x, y) {
  if (!Array.isArray(x) || !Array.isArray(y)) return `${JSON.stringify(x)} / ${JSON.stringify(y)}`
  const i = x.findIndex((item, n) => !isDeepStrictEqual(item, y[n]))
  const at = i === -1 ? x.length : i
  return `#${at} ${JSON.stringify(x[at])?.slice(0, 300)} / ${JSON.stringify(y[at])?.slice(0, 300)} (${x.length} / ${y.length} items)`
}

/** @param {string[]} argv */
export async function main(argv) {
  let values
  let positionals
  try {
    ;({ values, positionals } = parseArgs({ args: argv, options: { against: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true }))
    if (positionals.length !== 1 || !values.against) throw new UsageError('give one folder and --against')
  } catch (error) {
    process.stderr.write(`conformance-facts: ${error instanceof Error ? error.message : String(error)}\n${USAGE}\n`)
    return 2
  }
  const base = invocationDir('conformance-facts')
  const folder = resolveFolder(positionals[0], base)
  const otherRoot = path.resolve(base, values.against)
  const sources = listSqlFiles(folder).map(readSqlFile)
  const [ours, theirs, { tableTree }] = await Promise.all([
    importLibrary(),
    /** @type {Promise<Library>} */ (import(pathToFileURL(path.join(otherRoot, 'dist', 'index.js')).href)),
    import(pathToFileURL(path.join(repoRoot, 'dist', 'sql', 'table-tree.js')).href),
  ])
  await ours.loadSqlParser()
  await theirs.loadSqlParser()
  const started = performance.now()
  const mine = factsOf(ours, tableTree, sources)
  const other = factsOf(theirs, tableTree, sources)
  const found = differences(mine, other)
  const count = (/** @type {ReturnType<typeof factsOf>} */ f) => {
    const files = Object.values(f.files).map((x) => /** @type {any} */ (x))
    const rules = Object.values(f.rules).map((x) => /** @type {any} */ (x))
    return {
      files: files.length,
      statements: files.reduce((n, x) => n + x.statements.length, 0),
      parsedTrees: files.reduce((n, x) => n + x.statements.filter((/** @type {any[]} */ s) => s[4] !== null).length, 0),
      events: files.reduce((n, x) => n + x.events.length, 0),
      findings: files.reduce((n, x) => n + x.findings.length, 0),
      histories: rules.length,
      ruleFindings: rules.reduce((n, x) => n + x.findings.length, 0),
    }
  }
  const report = { folder, against: otherRoot, counts: { this: count(mine), other: count(other) }, differences: found, ms: Math.round(performance.now() - started) }
  if (values.json) process.stdout.write(`${JSON.stringify(report, null, 2)}\n`)
  else {
    const c = report.counts.this
    process.stdout.write(
      [
        `conformance-facts: ${path.relative(base, folder) || folder} against ${otherRoot}`,
        `  ${c.files} files, ${c.statements} statements (${c.parsedTrees} with a tree electrify reads), ${c.events} table events, ${c.findings} findings`,
        `  ${c.histories} histories with every table electrified after its CREATE: ${c.ruleFindings} rule findings`,
        found.length === 0 ? '  identical facts' : `  ${found.length} differences:\n${found.slice(0, SHOWN).map((d) => `    ${d}`).join('\n')}`,
      ].join('\n') + '\n',
    )
  }
  return found.length === 0 ? 0 : 1
}

if (isMain(import.meta.url)) {
  process.exitCode = await main(process.argv.slice(2))
}
