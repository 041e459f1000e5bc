/**
 * Where electrify keeps what it must remember between runs (the project's lock, what an interrupted
 * run created): `node_modules/.cache/electrify/` of the project's package, where build tools keep
 * theirs and nothing is committed. Several projects may share one node_modules (workspaces, a linked
 * node_modules): each file's name carries a hash of the folder it is about (`fileKey`).
 */
import { createHash } from 'node:crypto'
import { opendirSync } from 'node:fs'
import path from 'node:path'

export function cacheFolder(packageRoot: string): string {
  return path.join(packageRoot, 'node_modules', '.cache', 'electrify')
}

/**
 * Whether the package has packages installed: a `node_modules` folder holding anything but `.cache`.
 * What electrify only remembers to be faster (check-cache.ts, check-memo.ts, cli/check-replay.ts) is
 * kept only then: it never creates a node_modules, nor fills the one the project's lock had to create
 * (project-lock.ts) in a project without one. Reads the folder's first entries only.
 */
export function hasInstalledPackages(packageRoot: string): boolean {
  let dir
  try {
    dir = opendirSync(path.join(packageRoot, 'node_modules'))
  } catch {
    return false
  }
  try {
    for (let entry = dir.readSync(); entry !== null; entry = dir.readSync()) if (entry.name !== '.cache') return true
    return false
  } finally {
    dir.closeSync()
  }
}

/** A short, stable key for an absolute path, for file names. */
export function fileKey(absolutePath: string): string {
  return createHash('sha256').update(absolutePath).digest('hex').slice(0, 16)
}
