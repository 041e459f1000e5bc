/**
 * Reads `_prisma_migrations` and `electric.electrified` in one read-only transaction (one snapshot), through
 * Electric's proxy or straight from PostgreSQL. Through the proxy, plain SELECTs pass to Electric's own
 * database; Electric's proxy replaces any BEGIN with a plain `BEGIN` (injector/operation.ex,
 * Operation.Begin), so the transaction is made read-only by a `SET TRANSACTION`, which it passes through.
 * A missing table is an answer, not an error: no `_prisma_migrations` means nothing is applied yet, no
 * `electric.electrified` means Electric has electrified nothing in this database.
 */
import { withDatabase, type ConnectOptions, type DatabaseClient } from '../db/connect.js'
import { ElectrifyError } from '../errors.js'
import { prismaSchemaOf } from '../history/shared-migrations.js'
import { redactUrl } from '../proxy/redact-url.js'
import type { DatabaseState, MigrationRecord } from './database-state.js'

export async function readDatabaseState(url: string, options: ConnectOptions = {}): Promise<DatabaseState> {
  return withDatabase(url, options, (client) => readDatabaseStateOn(client, url, options))
}

/** The same on a connection already open to `url` (e.g. the proxy probe's). */
export async function readDatabaseStateOn(client: DatabaseClient, url: string, options: ConnectOptions = {}): Promise<DatabaseState> {
  const schema = prismaSchemaOf(url)
  try {
    await client.query('BEGIN')
    await client.query('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY')
    const migrationsTable = `${client.escapeIdentifier(schema)}._prisma_migrations`
    const { rows } = await client.query<{ migrations: boolean; electrified: boolean }>(
      `SELECT to_regclass(${client.escapeLiteral(migrationsTable)}) IS NOT NULL AS migrations, to_regclass('electric.electrified') IS NOT NULL AS electrified`,
    )
    const exists = rows[0]!
    const state: DatabaseState = {
      migrations: exists.migrations ? await readMigrations(client, migrationsTable) : null,
      electrified: exists.electrified ? await readElectrified(client) : null,
    }
    await client.query('ROLLBACK')
    return state
  } catch (error) {
    throw readFailed(url, error, options)
  }
}

async function readMigrations(client: DatabaseClient, table: string): Promise<MigrationRecord[]> {
  const { rows } = await client.query<{ migration_name: string; started_at: Date; finished_at: Date | null; rolled_back_at: Date | null; logs: string | null }>(
    `SELECT migration_name, started_at, finished_at, rolled_back_at, logs FROM ${table} ORDER BY started_at, migration_name`,
  )
  return rows.map((r) => ({
    name: r.migration_name,
    startedAt: r.started_at.toISOString(),
    finishedAt: r.finished_at?.toISOString() ?? null,
    rolledBackAt: r.rolled_back_at?.toISOString() ?? null,
    logs: r.logs,
  }))
}

async function readElectrified(client: DatabaseClient) {
  const { rows } = await client.query<{ schema_name: string; table_name: string }>('SELECT schema_name, table_name FROM electric.electrified ORDER BY schema_name, table_name')
  return rows.map((r) => ({ schema: r.schema_name, name: r.table_name }))
}

function readFailed(url: string, error: unknown, options: ConnectOptions): ElectrifyError {
  const { code, message } = error as { code?: string; message?: string }
  return new ElectrifyError(`cannot read _prisma_migrations and electric.electrified from ${options.what ?? 'the database'} (${redactUrl(url)}): ${code ? `${code} ` : ''}${message ?? String(error)}`, {
    code: 'db/read-failed',
    hint: 'Check that the URL names the database Electric and Prisma use, and that its user may read those tables.',
    cause: error,
  })
}
