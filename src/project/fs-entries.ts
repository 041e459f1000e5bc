import { readdir, stat } from 'node:fs/promises'
import path from 'node:path'

/** What is at a path (following symlinks, as Prisma does), or undefined when nothing is. */
export async function entryKind(file: string): Promise<'file' | 'directory' | 'other' | undefined> {
  try {
    const s = await stat(file)
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
  return (await walk(folder)).sort()
}

async function walk(folder: string): Promise<string[]> {
  const files: string[] = []
  for (const name of await readdir(folder)) {
    const entry = path.join(folder, name)
    const kind = await entryKind(entry)
    if (kind === 'directory') files.push(...(await walk(entry)))
    else if (kind === 'file' && path.extname(name) === '.prisma') files.push(entry)
  }
  return files
}
