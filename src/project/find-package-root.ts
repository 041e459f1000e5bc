/** The nearest folder at or above `from` that holds a package.json (`from` itself when none does). */
import path from 'node:path'
import { nearestPackageJson } from './package-json.js'

export async function findPackageRoot(from: string): Promise<string> {
  const file = await nearestPackageJson(from)
  return file === undefined ? path.resolve(from) : path.dirname(file)
}
