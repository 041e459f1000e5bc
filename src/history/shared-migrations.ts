/**
 * Which migrations are shared, and so must never be appended to: once a migration is committed or
 * applied, others have it as it is. Prisma checksums every applied migration, and `prisma migrate dev`
 * offers to reset the database (all data lost) when an applied one changed; a committed one is, or
 * will be, applied elsewhere from the committed text. New DDLX for such a history goes into a new
 * migration instead (see migration-name.ts).
 *
 * A migration is shared when its `migration.sql` is tracked in git's HEAD, or when a database is at
 * hand and `_prisma_migrations` records it as applied (finished, not rolled back).
 */
import { existsSync } from 'node:fs'
import { withDatabase, type ConnectOptions, type DatabaseClient } from '../db/connect.js'
import { ElectrifyError } from '../errors.js'
import { runGit } from '../git/run-git.js'
import type { SharedReason } from './shared-reason.js'

export { describeShared, type SharedReason } from './shared-reason.js'

/** Migration folder name → why it is shared (in that order: committed, applied). */
export type SharedMigrations = ReadonlyMap<string, readonly SharedReason[]>

export interface SharedMigrationsOptions {
  migrationsDir: string
  /** A database URL at hand (the proxy's or the database's); without one only git is asked. */
  databaseUrl?: string
  /** How to name the database in messages, and where its URL came from. */
  database?: ConnectOptions
}

export async function sharedMigrations(options: SharedMigrationsOptions): Promise<SharedMigrations> {
  const [committed, applied] = await Promise.all([
    committedMigrations(options.migrationsDir),
    options.databaseUrl === undefined ? new Set<string>() : appliedMigrations(options.databaseUrl, options.database),
  ])
  const shared = new Map<string, SharedReason[]>()
  for (const name of committed) shared.set(name, ['committed'])
  for (const name of applied) shared.set(name, [...(shared.get(name) ?? []), 'applied'])
  return shared
}

/**
 * Migrations whose `migration.sql` is tracked in HEAD: one `git ls-tree`. No git, no repository, no
 * commit yet, or a folder outside the repository: none.
 */
export async function committedMigrations(migrationsDir: string): Promise<Set<string>> {
  if (!existsSync(migrationsDir)) return new Set()
  let result
  try {
    result = await runGit(['ls-tree', '-r', '-z', '--name-only', 'HEAD', '--', '.'], { cwd: migrationsDir })
  } catch (error) {
    if (error instanceof ElectrifyError && error.code === 'git/not-found') return new Set()
    throw error
  }
  if (result.code !== 0) return new Set()
  const names = new Set<string>()
  // Paths are relative to the migrations folder (git's cwd), NUL-separated and unquoted with -z.
  for (const entry of result.stdout.toString('utf8').split('\0')) {
    const match = /^([^/]+)\/migration\.sql$/.exec(entry)
    if (match) names.add(match[1]!)
  }
  return names
}

/**
 * Migrations `_prisma_migrations` records as applied: finished and not rolled back. The table lives in
 * the schema the URL names (`?schema=`, Prisma's setting; `public` by default); no table yet: none.
 * A database that cannot be reached is an error: the caller asked because it is at hand.
 */
export async function appliedMigrations(databaseUrl: string, options: ConnectOptions = {}): Promise<Set<string>> {
  return withDatabase(databaseUrl, options, (client) => readAppliedMigrations(client, databaseUrl))
}

/** The same on a connection already open to `databaseUrl` (e.g. the proxy probe's). */
export async function readAppliedMigrations(client: DatabaseClient, databaseUrl: string): Promise<Set<string>> {
  const schema = prismaSchemaOf(databaseUrl)
  try {
    const { rows } = await client.query<{ migration_name: string }>(
      `SELECT migration_name FROM ${client.escapeIdentifier(schema)}._prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
    )
    return new Set(rows.map((r) => r.migration_name))
  } catch (error) {
    const code = (error as { code?: string }).code
    if (code === '42P01' || code === '3F000') return new Set<string>() // no such table or schema: nothing applied
    throw error
  }
}

/** The schema Prisma keeps `_prisma_migrations` in: the URL's `?schema=`, `public` by default. */
export function prismaSchemaOf(url: string): string {
  try {
    return new URL(url).searchParams.get('schema') || 'public'
  } catch {
    return 'public'
  }
}
