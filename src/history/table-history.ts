/**
 * Replays migrations' table events to know, after a given migration, which tables exist, which are
 * electrified and which foreign keys link them (pure).
 */
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import type { TableEvent } from '../migrations/table-events.js'
import { sameTable, tableKey, type TableName } from '../sql/identifiers.js'

export interface TableState {
  table: TableName
  /** Position of its CREATE in the whole history, for stable ordering. */
  createdAt: number
  /** Name of the migration that created it (under its current name). */
  createdIn: string
}

export interface ElectrifyEvent {
  table: TableName
  migration: string
  file: string
  line: number
}

export interface TableHistory {
  tables: Map<string, TableState>
  /** Keyed by table; the first ENABLE that still applies. */
  electrified: Map<string, ElectrifyEvent>
  foreignKeys: { from: TableName; to: TableName }[]
  /** ENABLE for a table that no earlier statement created (Electric answers 42P01 unless it exists outside the history). */
  electrifiedUnknown: ElectrifyEvent[]
}

export function replayHistory(migrations: readonly AnalyzedMigration[]): TableHistory {
  const history: TableHistory = { tables: new Map(), electrified: new Map(), foreignKeys: [], electrifiedUnknown: [] }
  let order = 0
  for (const migration of migrations) {
    for (const event of migration.events) apply(history, event, migration, order++)
  }
  return history
}

function apply(history: TableHistory, event: TableEvent, migration: AnalyzedMigration, order: number): void {
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
