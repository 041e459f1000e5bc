/** Where `check` keeps its files for a project (check-cache.ts, check-memo.ts), what makes them stale, and how they are written. */
import { createHash } from 'node:crypto'
import fs, { readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { cacheFolder, hasInstalledPackages } from '../fs/cache-folder.js'

/**
 * A project's cache files, without their extension: `check-<id>` in the cache folder of its package
 * (fs/cache-folder.ts), one id per schema and migrations folder so that projects sharing a
 * node_modules (workspaces, several schemas in one package) do not overwrite each other's; undefined
 * without installed packages (cache-folder.ts's hasInstalledPackages).
 */
export function cacheFileBase(packageRoot: string, project: { schemaPath: string; migrationsDir: string }): string | undefined {
  if (!hasInstalledPackages(packageRoot)) return undefined
  const id = createHash('sha1').update(project.schemaPath).update('\0').update(project.migrationsDir).update('\0').digest('hex').slice(0, 16)
  return path.join(cacheFolder(packageRoot), `check-${id}`)
}

let stamp: string | undefined | null = null

/**
 * What everything kept in those files depends on besides the project's text: electrify's
 * package.json, the versions of the two parsers, and the mtime of every module that runs: the
 * command line's bundle (dist/bundle/, scripts/bundle-cli.js), or every module of the build (dist/, or
 * src/ under the tests) when this one is not bundled; any rebuild or upgrade changes it. Undefined when
 * it cannot be told: nothing is kept then. Computed once a process, and only when a cache is used.
 */
export function buildStamp(): string | undefined {
  if (stamp !== null) return stamp
  try {
    const here = path.dirname(fileURLToPath(import.meta.url))
    const dist = path.dirname(here)
    const require = createRequire(import.meta.url)
    const h = createHash('sha1').update(readFileSync(path.join(dist, '..', 'package.json')))
    for (const pkg of ['libpg-query/package.json', '@prisma/prisma-schema-wasm/package.json']) h.update(`${pkg}@${(require(pkg) as { version: string }).version}\0`)
    // The modules are this module's kind (.js in dist, .ts under the tests), not the .d.ts beside them.
    const extension = path.extname(fileURLToPath(import.meta.url))
    const walk = (dir: string) => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const full = path.join(dir, entry.name)
        if (entry.isDirectory()) walk(full)
        else if (entry.name.endsWith(extension) && !entry.name.endsWith(`.d${extension}`)) h.update(`${full}:${statSync(full).mtimeMs}\0`)
      }
    }
    walk(path.basename(here) === 'bundle' ? here : dist)
    stamp = h.digest('hex')
  } catch {
    stamp = undefined
  }
  return stamp
}

/**
 * Writes one of electrify's cache files (check-cache.ts, check-memo.ts, cli/check-replay.ts): beside it
 * and renamed over, so that a reader never sees half of it; not flushed to disk (a cache lost in a crash
 * is only recomputed). False when it could not be written (a read-only node_modules): a cache is only
 * ever an accelerator, so only the next run is not faster.
 */
export async function writeCacheFile(file: string, data: string | Uint8Array): Promise<boolean> {
  // fs.promises loads on first use: a replayed check, which imports this module, writes nothing.
  const { mkdir, rename, rm, writeFile } = fs.promises
  const temp = `${file}.${process.pid}.tmp`
  try {
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(temp, data)
    await rename(temp, file)
    return true
  } catch {
    await rm(temp, { force: true }).catch(() => {})
    return false
  }
}
