// @ts-check
/**
 * Shared by scripts/conformance.js and scripts/bench.js: where the corpus is, which files of a folder
 * are migrations, how folder arguments are resolved, and loading the built library with a clear
 * message when it is missing. Reads only; never writes.
 */
import { readdirSync, readFileSync, realpathSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

/** The repository root (this file is `<root>/scripts/lib/corpus.js`). */
export const repoRoot = fileURLToPath(new URL('../../', import.meta.url))

/** The real-world corpus, outside the project: `../shared/corpus/migrations` from the repository root. */
export const defaultCorpus = path.resolve(repoRoot, '..', 'shared', 'corpus', 'migrations')

/** A command-line mistake: the scripts print the message and the usage and exit 2. */
export class UsageError extends Error {}

/**
 * @typedef {object} SqlFile
 * @property {string} name Migration name: the folder name of `<name>/migration.sql`, or the file name without `.sql`.
 * @property {string} file Absolute path.
 * @property {string} relative Path relative to the analysed folder, with `/`.
 */

/**
 * @typedef {SqlFile & { sql: string, bytes: number }} SqlSource
 */

/**
 * The folder where the user typed the command. `npm run <script>` runs the script from the package
 * root and keeps the user's directory in INIT_CWD, so a relative folder given to
 * `npm run conformance -- <dir>` is resolved from where the user was, not from the package root.
 * @param {string} script the package.json script name that runs this file
 */
export function invocationDir(script) {
  const env = process.env
  if (env.npm_lifecycle_event === script && env.INIT_CWD) return env.INIT_CWD
  return process.cwd()
}

/**
 * The absolute path of a folder argument, or a UsageError when it does not exist or is no folder.
 * @param {string} arg
 * @param {string} base
 */
export function resolveFolder(arg, base) {
  const folder = path.resolve(base, arg)
  let stats
  try {
    stats = statSync(folder)
  } catch {
    throw new UsageError(`no such folder: ${arg}`)
  }
  if (!stats.isDirectory()) throw new UsageError(`not a folder: ${arg}`)
  return folder
}

/**
 * The migrations of a folder, in Prisma's order (relative paths compared as plain strings): every
 * `*.sql` file directly inside it, and every `<name>/migration.sql` (a Prisma migrations folder).
 * Both layouts may be mixed. Deeper folders are not searched.
 * @param {string} folder absolute path
 * @returns {SqlFile[]}
 */
export function listSqlFiles(folder) {
  /** @type {SqlFile[]} */
  const found = []
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const full = path.join(folder, entry.name)
    if (/\.sql$/i.test(entry.name) && isFile(full)) {
      found.push({ name: entry.name.replace(/\.sql$/i, ''), file: full, relative: entry.name })
    } else if (isDirectory(full)) {
      const inner = path.join(full, 'migration.sql')
      if (isFile(inner)) found.push({ name: entry.name, file: inner, relative: `${entry.name}/migration.sql` })
    }
  }
  return found.sort((a, b) => (a.relative < b.relative ? -1 : a.relative > b.relative ? 1 : 0))
}

/**
 * Reads files as the library does (UTF-8).
 * @param {SqlFile} file
 * @returns {SqlSource}
 */
export function readSqlFile(file) {
  const buffer = readFileSync(file.file)
  return { ...file, sql: buffer.toString('utf8'), bytes: buffer.length }
}

/** @param {string} p */
function isFile(p) {
  try {
    return statSync(p).isFile()
  } catch {
    return false
  }
}

/** @param {string} p */
function isDirectory(p) {
  try {
    return statSync(p).isDirectory()
  } catch {
    return false
  }
}

/**
 * The built library (`dist/index.js`). Imported on demand so that a missing build is one clear line
 * instead of a module-resolution stack trace.
 * @returns {Promise<typeof import('../../dist/index.js')>}
 */
export async function importLibrary() {
  const entry = path.join(repoRoot, 'dist', 'index.js')
  try {
    statSync(entry)
  } catch {
    throw new Error(`${path.relative(process.cwd(), entry) || entry} is missing: run \`npm run build\` first (npm run conformance / bench do it for you)`)
  }
  return import(pathToFileURL(entry).href)
}

/**
 * True when `metaUrl` is the module node was asked to run, false when a test imports it.
 * @param {string} metaUrl
 */
export function isMain(metaUrl) {
  const script = process.argv[1]
  if (!script) return false
  try {
    return realpathSync(fileURLToPath(metaUrl)) === realpathSync(path.resolve(script))
  } catch {
    return false
  }
}

/**
 * Milliseconds with one decimal, for reports.
 * @param {number} ms
 */
export function roundMs(ms) {
  return Math.round(ms * 10) / 10
}

/**
 * A path as the user should see it: relative to where they typed the command when that is shorter.
 * @param {string} file absolute path
 * @param {string} base
 */
export function displayPath(file, base) {
  const relative = path.relative(base, file)
  return relative && relative.length < file.length ? relative : file
}
