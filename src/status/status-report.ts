/**
 * `electrify status`'s answer (pure): the schema's annotations, the migration history (replayed once, by
 * table-history.ts) and what the database records (`_prisma_migrations`, `electric.electrified`) held
 * against each other. For each annotated model: its table, the migration that creates it and the one that
 * electrifies it, whether each is applied, and whether Electric syncs the table; then the migrations
 * pending or failed, those the database has and the folder lacks, and the tables Electric syncs that no
 * annotation asks for. `electrify deploy` gives the same report after it has applied the history.
 */
import { replayHistory } from '../history/table-history.js'
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import type { AnnotatedTable } from '../schema/annotations.js'
import { tableKey, type TableName } from '../sql/identifiers.js'
import { recordedStates, type DatabaseState } from './database-state.js'

export type MigrationState = 'applied' | 'pending' | 'failed'

export interface MigrationRef {
  name: string
  state: MigrationState
}

/**
 * Where an annotated model stands, the first that holds:
 * - `not-created`: no migration creates its table;
 * - `not-electrified`: no migration electrifies it;
 * - `failed`: the migration creating or electrifying it failed;
 * - `pending`: one of them is not applied yet (`electrify deploy` applies it);
 * - `not-synced`: both are applied, but Electric does not sync the table (the ENABLE never reached Electric);
 * - `synced`: both are applied and Electric syncs it.
 */
export type ModelState = 'not-created' | 'not-electrified' | 'failed' | 'pending' | 'not-synced' | 'synced'

export interface ModelStatus {
  model: string
  table: TableName
  /** Where the model is declared. */
  file: string
  line: number
  created: MigrationRef | null
  electrified: MigrationRef | null
  /** `electric.electrified` lists the table. */
  synced: boolean
  state: ModelState
}

export interface FailedMigration {
  name: string
  startedAt: string
  /** Prisma's record of the failure, when it kept one. */
  logs: string | null
  /** Not in the migrations folder either. */
  inFolder: boolean
}

export interface UnannotatedTable {
  table: TableName
  /** The model that maps to the table, when one does (it lacks `/// @electric`). */
  model: string | null
  /** The migration of the history that electrifies it; null when none does (electrified by hand). */
  electrified: MigrationRef | null
}

export interface StatusReport {
  /** Every model synced; nothing pending, failed, unknown or unannotated. */
  inSync: boolean
  models: ModelStatus[]
  /** The migrations folder: how many there are, and how many of them are applied. */
  migrations: { total: number; applied: number }
  /** In the folder and not applied (nor failed), oldest first. */
  pending: string[]
  failed: FailedMigration[]
  /** Applied to the database, but not in the migrations folder. */
  notInFolder: string[]
  /** Tables Electric syncs that no annotation asks for. */
  unannotated: UnannotatedTable[]
  /** Whether the tables read exist: without `_prisma_migrations` nothing is applied, without `electric.electrified` nothing is synced. */
  database: { migrationsTable: boolean; electrifiedTable: boolean }
}

export interface StatusInput {
  annotated: readonly AnnotatedTable[]
  /** The migrations folder, analysed, oldest first. */
  history: readonly AnalyzedMigration[]
  /** Every model's table, annotated or not: to name the model of a table Electric syncs unasked. */
  modelTables?: readonly { model: string; table: TableName }[]
  database: DatabaseState
}

export function statusReport(input: StatusInput): StatusReport {
  const { history, database } = input
  const recorded = recordedStates(database.migrations ?? [])
  const inFolder = new Set(history.map((m) => m.name))
  const stateOf = (name: string): MigrationState => {
    const state = recorded.get(name)
    return state === 'applied' || state === 'failed' ? state : 'pending'
  }
  const ref = (name: string | undefined): MigrationRef | null => (name === undefined ? null : { name, state: stateOf(name) })

  const replayed = replayHistory(history)
  const synced = new Set((database.electrified ?? []).map(tableKey))
  const annotatedKeys = new Set<string>()
  const models: ModelStatus[] = []
  for (const annotated of input.annotated) {
    const key = tableKey(annotated)
    // Two models mapped to one table: Prisma refuses that schema; report the table once.
    if (annotatedKeys.has(key)) continue
    annotatedKeys.add(key)
    const created = ref(replayed.tables.get(key)?.createdIn)
    const electrified = ref(replayed.electrified.get(key)?.migration)
    const model = { model: annotated.model, table: { schema: annotated.schema, name: annotated.name }, file: annotated.file, line: annotated.line }
    models.push({ ...model, created, electrified, synced: synced.has(key), state: modelState(created, electrified, synced.has(key)) })
  }

  const modelOf = new Map((input.modelTables ?? []).map((m) => [tableKey(m.table), m.model]))
  const unannotated = (database.electrified ?? [])
    .filter((table) => !annotatedKeys.has(tableKey(table)))
    .map((table) => ({ table, model: modelOf.get(tableKey(table)) ?? null, electrified: ref(replayed.electrified.get(tableKey(table))?.migration) }))

  const pending = history.map((m) => m.name).filter((name) => stateOf(name) === 'pending')
  // The latest failed attempt of each failed migration.
  const failedAttempts = new Map((database.migrations ?? []).filter((r) => r.finishedAt === null && r.rolledBackAt === null).map((r) => [r.name, r]))
  const failed = [...failedAttempts.values()].map((r) => ({ name: r.name, startedAt: r.startedAt, logs: r.logs, inFolder: inFolder.has(r.name) }))
  const notInFolder = [...recorded].filter(([name, state]) => state === 'applied' && !inFolder.has(name)).map(([name]) => name)
  const applied = history.filter((m) => stateOf(m.name) === 'applied').length

  return {
    inSync: models.every((m) => m.state === 'synced') && pending.length === 0 && failed.length === 0 && notInFolder.length === 0 && unannotated.length === 0,
    models,
    migrations: { total: history.length, applied },
    pending,
    failed,
    notInFolder,
    unannotated,
    database: { migrationsTable: database.migrations !== null, electrifiedTable: database.electrified !== null },
  }
}

function modelState(created: MigrationRef | null, electrified: MigrationRef | null, synced: boolean): ModelState {
  if (created === null) return 'not-created'
  if (electrified === null) return 'not-electrified'
  if (created.state === 'failed' || electrified.state === 'failed') return 'failed'
  if (created.state === 'pending' || electrified.state === 'pending') return 'pending'
  return synced ? 'synced' : 'not-synced'
}
