/** The nearest folder at or above `from` that holds a package.json (`from` itself when none does). */
import { access } from 'node:fs/promises'
import path from 'node:path'

export async function findPackageRoot(from: string): Promise<string> {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    if (await access(path.join(dir, 'package.json')).then(() => true, () => false)) return dir
    if (path.dirname(dir) === dir) return path.resolve(from)
  }
}
