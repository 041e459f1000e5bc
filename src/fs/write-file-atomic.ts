/**
 * Replaces a file so that readers (and a crash) see either the old or the new content, never a mix:
 * write a temporary file beside it, flush it to disk, then rename it over the original.
 */
import { randomBytes } from 'node:crypto'
import { open, rename, rm, stat } from 'node:fs/promises'
import path from 'node:path'

export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const mode = await stat(file).then(
    (s) => s.mode & 0o777,
    () => 0o644,
  )
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.electrify-${randomBytes(4).toString('hex')}.tmp`)
  try {
    const handle = await open(temp, 'wx', mode)
    try {
      await handle.writeFile(data)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, file)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  }
}
