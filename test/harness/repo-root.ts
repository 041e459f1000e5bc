/**
 * The repository's root folder, found from this file's location by looking for package.json: the
 * harness runs both from its TypeScript sources (tests) and compiled into .build/ (the demo).
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

function findRepoRoot(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'fixtures'))) return dir
    if (path.dirname(dir) === dir) throw new Error('electrify test harness: repository root not found')
  }
}

export const REPO_ROOT = findRepoRoot()
