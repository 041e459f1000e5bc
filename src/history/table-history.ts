/**
 * The one model of the table history (pure): which tables exist, under which name (renames and SET
 * SCHEMA carry a table's state to its new name), which foreign keys link them, which are electrified,
 * and in which migration each happened. Everything that follows table state through the migrations
 * (the plan, Electric's history rules, `electrify check`) folds table events with applyTableEvent.
 */
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import type { TableEvent } from '../migrations/table-events.js'
import { sameTable, tableKey, type TableName } from '../sql/identifiers.js'

export interface TableState {
  table: TableName
  /** Position of its CREATE among all events applied, for stable ordering. */
  createdAt: number
  /** Name of the migration that created it (under its current name). */
  createdIn: string
}

/** An ENABLE ELECTRIC (or `CALL electric.electrify(…)`) and where it is. */
export interface ElectrifyEvent {
  table: TableName
  migration: string
  file: string
  line: number
}

export interface TableHistory {
  /** The tables that exist, keyed by tableKey. */
  tables: Map<string, TableState>
  /** Keyed by table; the first ENABLE that still applies (a DROP or a new CREATE ends it). */
  electrified: Map<string, ElectrifyEvent>
  foreignKeys: { from: TableName; to: TableName }[]
  /** ENABLE for a table that no earlier statement created (Electric answers 42P01 unless it exists outside the history). */
  electrifiedUnknown: ElectrifyEvent[]
  /** Number of events applied so far. */
  events: number
}

/** The migration an event belongs to. */
export type EventSource = Pick<AnalyzedMigration, 'name' | 'file'>

export function emptyTableHistory(): TableHistory {
  return { tables: new Map(), electrified: new Map(), foreignKeys: [], electrifiedUnknown: [], events: 0 }
}

/** The state after every event of `migrations`, oldest migration first. */
export function replayHistory(migrations: readonly AnalyzedMigration[]): TableHistory {
  const history = emptyTableHistory()
  for (const migration of migrations) {
    for (const event of migration.events) applyTableEvent(history, event, migration)
  }
  return history
}

/** The reducer: folds one event of `migration` into `history` (in place). */
export function applyTableEvent(history: TableHistory, event: TableEvent, migration: EventSource): void {
  const order = history.events++
  switch (event.type) {
    case 'create':
      history.tables.set(tableKey(event.table), { table: event.table, createdAt: order, createdIn: migration.name })
      history.electrified.delete(tableKey(event.table))
      return
    case 'drop':
      history.tables.delete(tableKey(event.table))
      history.electrified.delete(tableKey(event.table))
      history.foreignKeys = history.foreignKeys.filter((fk) => !sameTable(fk.from, event.table) && !sameTable(fk.to, event.table))
      return
    case 'rename': {
      const state = history.tables.get(tableKey(event.from))
      if (state) {
        history.tables.delete(tableKey(event.from))
        history.tables.set(tableKey(event.to), { ...state, table: event.to })
      }
      const electrified = history.electrified.get(tableKey(event.from))
      if (electrified) {
        history.electrified.delete(tableKey(event.from))
        history.electrified.set(tableKey(event.to), { ...electrified, table: event.to })
      }
      const rename = (t: TableName) => (sameTable(t, event.from) ? event.to : t)
      history.foreignKeys = history.foreignKeys.map((fk) => ({ from: rename(fk.from), to: rename(fk.to) }))
      return
    }
    case 'foreign-key':
      history.foreignKeys.push({ from: event.from, to: event.to })
      return
    case 'electrify': {
      const record = { table: event.table, migration: migration.name, file: migration.file, line: event.line }
      if (!history.tables.has(tableKey(event.table))) history.electrifiedUnknown.push(record)
      if (!history.electrified.has(tableKey(event.table))) history.electrified.set(tableKey(event.table), record)
      return
    }
  }
}

/** A CREATE TABLE anywhere in the history, with the position of its migration. */
export interface TableCreation {
  table: TableName
  migration: string
  /** Index of the migration in the history. */
  index: number
  line: number
}

/**
 * Every CREATE TABLE of the history, in order: for questions the state at one point cannot answer,
 * such as whether a missing table is created later.
 */
export function tableCreations(migrations: readonly AnalyzedMigration[]): TableCreation[] {
  return migrations.flatMap((m, index) => m.events.flatMap((e) => (e.type === 'create' ? [{ table: e.table, migration: m.name, index, line: e.line }] : [])))
}
