/**
 * What a database says about a project's migrations and about Electric, as electrify reads it
 * (read-database-state.ts) and the status core (status-report.ts) takes it: the rows of Prisma's
 * `_prisma_migrations` and of Electric's `electric.electrified`, each null when the table is not there.
 */
import type { TableName } from '../sql/identifiers.js'

/** One row of `_prisma_migrations`: one attempt at applying a migration. */
export interface MigrationRecord {
  name: string
  /** ISO timestamps. */
  startedAt: string
  /** Null while the attempt runs, or when it failed. */
  finishedAt: string | null
  /** Set by `prisma migrate resolve --rolled-back`: the attempt no longer counts. */
  rolledBackAt: string | null
  /** Prisma's record of what went wrong, for a failed attempt. */
  logs: string | null
}

export interface DatabaseState {
  /** The rows of `_prisma_migrations`, oldest attempt first; null when the table does not exist (nothing applied yet). */
  migrations: MigrationRecord[] | null
  /** The tables in `electric.electrified`; null when the table does not exist (Electric has electrified nothing here). */
  electrified: TableName[] | null
}

/** How `_prisma_migrations` leaves one migration. */
export type RecordedState = 'applied' | 'failed' | 'rolled-back'

/**
 * Each migration's state from its attempts, as Prisma counts them: failed when an attempt neither
 * finished nor was rolled back (Prisma then refuses to apply anything, P3009, whatever other attempts
 * say); otherwise applied when an attempt finished and was not rolled back; rolled back when every
 * attempt was (Prisma applies it again: it is pending).
 */
export function recordedStates(records: readonly MigrationRecord[]): Map<string, RecordedState> {
  const states = new Map<string, RecordedState>()
  for (const record of records) {
    const state: RecordedState = record.rolledBackAt !== null ? 'rolled-back' : record.finishedAt !== null ? 'applied' : 'failed'
    const before = states.get(record.name)
    if (before === undefined || RANK[state] > RANK[before]) states.set(record.name, state)
  }
  return states
}

/** Which state wins when a migration has several attempts. */
const RANK: Record<RecordedState, number> = { 'rolled-back': 0, applied: 1, failed: 2 }
