import fs, { readdirSync, statSync } from 'node:fs'
import path from 'node:path'

/** What is at a path (following symlinks, as Prisma does), or undefined when nothing is. */
export async function entryKind(file: string): Promise<'file' | 'directory' | 'other' | undefined> {
  try {
    const s = await fs.promises.stat(file) // node:fs/promises loaded on first use: cli/check-replay.ts loads this module
    return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other'
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined
    throw e
  }
}

/**
 * Every `.prisma` file under a folder, recursively and through symlinks, like Prisma's multi-file schema
 * loader (@prisma/schema-files-loader). Sorted, so that every run sees the same order.
 */
export async function listSchemaFiles(folder: string): Promise<string[]> {
  return listSchemaFilesSync(folder)
}

/** The same, synchronously (a repeated check compares it with what its last run found: cli/check-replay.ts). */
export function listSchemaFilesSync(folder: string): string[] {
  return walk(folder).sort()
}

function walk(folder: string): string[] {
  const files: string[] = []
  for (const name of readdirSync(folder)) {
    const entry = path.join(folder, name)
    const kind = entryKindSync(entry)
    if (kind === 'directory') files.push(...walk(entry))
    else if (kind === 'file' && path.extname(name) === '.prisma') files.push(entry)
  }
  return files
}

/** entryKind, synchronously. */
export function entryKindSync(file: string): 'file' | 'directory' | 'other' | undefined {
  try {
    const s = statSync(file)
    return s.isFile() ? 'file' : s.isDirectory() ? 'directory' : 'other'
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT' || (e as NodeJS.ErrnoException).code === 'ENOTDIR') return undefined
    throw e
  }
}
