/**
 * Migrations whose `migration.sql` is tracked in git's HEAD: one `git ls-tree`. No git, no repository,
 * no commit yet, or a folder outside the repository: none. Asynchronously for the commands, and
 * synchronously for a repeated check answered from its last output (cli/check-replay.ts), which must
 * see the same answer to use it.
 */
import { spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { ElectrifyError } from '../errors.js'
import { runGit } from './run-git.js'

// Paths relative to the migrations folder (git's cwd), NUL-separated and unquoted with -z.
const LS_TREE = ['ls-tree', '-r', '-z', '--name-only', 'HEAD', '--', '.']

export async function committedMigrations(migrationsDir: string): Promise<Set<string>> {
  if (!existsSync(migrationsDir)) return new Set()
  let result
  try {
    result = await runGit(LS_TREE, { cwd: migrationsDir })
  } catch (error) {
    if (error instanceof ElectrifyError && error.code === 'git/not-found') return new Set()
    throw error
  }
  return result.code === 0 ? migrationNames(result.stdout) : new Set()
}

/** The same, synchronously; undefined when git could not be run at all (then the caller does not know). */
export function committedMigrationsSync(migrationsDir: string): Set<string> | undefined {
  if (!existsSync(migrationsDir)) return new Set()
  const result = spawnSync('git', LS_TREE, { cwd: migrationsDir, stdio: ['ignore', 'pipe', 'ignore'] })
  if (result.error) return (result.error as NodeJS.ErrnoException).code === 'ENOENT' ? new Set() : undefined
  return result.status === 0 ? migrationNames(result.stdout) : new Set()
}

function migrationNames(stdout: Buffer): Set<string> {
  const names = new Set<string>()
  for (const entry of stdout.toString('utf8').split('\0')) {
    const match = /^([^/]+)\/migration\.sql$/.exec(entry)
    if (match) names.add(match[1]!)
  }
  return names
}
