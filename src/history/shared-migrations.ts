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
import { withDatabase, type ConnectOptions, type DatabaseClient } from '../db/connect.js'
import { committedMigrations } from '../git/committed-migrations.js'
import type { SharedReason } from './shared-reason.js'

export { describeShared, type SharedReason } from './shared-reason.js'
export { committedMigrations }

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
