/**
 * Where electrify keeps what it must remember between runs (the project's lock, what an interrupted
 * run created): `node_modules/.cache/electrify/` of the project's package, where build tools keep
 * theirs and nothing is committed. Several projects may share one node_modules (workspaces, a linked
 * node_modules): each file's name carries a hash of the folder it is about (`fileKey`).
 */
import { createHash } from 'node:crypto'
import path from 'node:path'

export function cacheFolder(packageRoot: string): string {
  return path.join(packageRoot, 'node_modules', '.cache', 'electrify')
}

/** A short, stable key for an absolute path, for file names. */
export function fileKey(absolutePath: string): string {
  return createHash('sha256').update(absolutePath).digest('hex').slice(0, 16)
}
