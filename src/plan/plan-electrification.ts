/**
 * History + annotations → which tables the target migration must electrify, in order (pure).
 *
 * A table needs ENABLE ELECTRIC in the target migration when its model is annotated, the table exists
 * once the target has run (created there or earlier: an annotation added later), and no migration up
 * to and including the target electrifies it already. Referenced tables come first.
 *
 * A table that a migration after the target electrifies is left out (`plan/electrified-later`): an
 * ENABLE appended to the target would only repeat it.
 *
 * When the target's text has a character that hides DDLX after it from Electric's proxy (non-ASCII:
 * rules/electric-reading.ts), the plan says so (`ownMigration`): the DDLX goes into a migration of its
 * own, after the target, instead.
 */
import { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'
import { applyTableEvent, replayHistory, tableCreations, type ElectrifyEvent, type TableHistory } from '../history/table-history.js'
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import { hidesAppendedDdlx } from '../rules/electric-reading.js'
import type { MigrationWithText } from '../rules/proxy-reading.js'
import type { AnnotatedTable } from '../schema/annotations.js'
import { quoteTableName, tableKey, type TableName } from '../sql/identifiers.js'
import { orderByDependencies } from './dependency-order.js'
import { appendAfterUnreadFinding, unreadableSql } from './unreadable-sql.js'

export interface PlannedTable {
  table: TableName
  model: string
  /** `created`: the target migration creates it; `annotated-later`: an earlier one did. */
  reason: 'created' | 'annotated-later'
}

export interface ElectrificationPlan {
  /** The target migration's folder name and file. */
  migration: string
  file: string
  /** Tables to electrify, referenced tables first; empty when nothing is to do. */
  tables: PlannedTable[]
  /** Annotated tables that the history already electrifies. */
  alreadyElectrified: TableName[]
  /** Warnings, and errors (`plan/unreadable-sql`) on which a command stops before it writes anything. */
  findings: Finding[]
  /** Set when DDLX appended to the target would not reach Electric: why (`plan/ddlx-own-migration`), for the commands to report. */
  ownMigration?: Finding
}

export function planElectrification(input: {
  models: readonly AnnotatedTable[]
  /** With each migration's text (`sql`) where it was read: the target's decides `ownMigration`. */
  history: readonly MigrationWithText[]
  /** Folder name of the target migration; the newest one by default. */
  target?: string
}): ElectrificationPlan {
  const { models, history } = input
  const targetIndex = input.target === undefined ? history.length - 1 : history.findIndex((m) => m.name === input.target)
  if (history.length === 0) {
    throw new ElectrifyError('there are no migrations to electrify', {
      code: 'plan/no-migrations',
      hint: 'Create one first with `prisma migrate dev --create-only`, or run `electrify`, which does both.',
    })
  }
  if (targetIndex === -1) {
    throw new ElectrifyError(`there is no migration named ${input.target}`, {
      code: 'plan/unknown-migration',
      exitCode: 2,
      hint: `Pass one of the folder names in the migrations folder, e.g. ${history[history.length - 1].name}.`,
    })
  }
  const target = history[targetIndex]
  const state = replayHistory(history.slice(0, targetIndex + 1))
  const createdLater = new Set(tableCreations(history.slice(targetIndex + 1)).map((c) => tableKey(c.table)))
  // The unread rest of a migration that mentions an annotated table: the plan cannot be trusted (an error).
  const unreadable = unreadableSql(models, history)
  const findings: Finding[] = unreadable.findings
  const unsure = unreadable.unsure
  const planned: (PlannedTable & { createdAt: number })[] = []
  const alreadyElectrified: TableName[] = []
  const seen = new Set<string>()
  for (const model of models) {
    const table = { schema: model.schema, name: model.name }
    const key = tableKey(table)
    if (seen.has(key)) continue
    seen.add(key)
    const existing = state.tables.get(key)
    if (state.electrified.has(key)) alreadyElectrified.push(table)
    else if (existing) {
      const reason = existing.createdIn === target.name ? 'created' : 'annotated-later'
      planned.push({ table, model: model.model, reason, createdAt: existing.createdAt })
    } else if (!createdLater.has(key) && !unsure.has(key)) findings.push(missingTable(model, target.name))
  }
  const later = electrifiedLater(state, history.slice(targetIndex + 1), new Set(planned.map((p) => p.createdAt)))
  const kept = planned.filter((p) => {
    const event = later.get(p.createdAt)
    if (event) findings.push(electrifiedLaterFinding(models.find((m) => m.model === p.model)!, p.table, target.name, event))
    return !event
  })
  const tables = orderByDependencies(kept, state.foreignKeys, (p) => p.createdAt).map(({ table, model, reason }) => ({ table, model, reason }))
  // Appended after an unterminated quote, the DDLX would be part of it (said once, if not said above).
  const swallowed = tables.length > 0 && !findings.some((f) => f.code === 'plan/unreadable-sql' && f.file === target.file) ? appendAfterUnreadFinding(target) : undefined
  if (swallowed) findings.push(swallowed)
  const hidden = tables.length > 0 && target.sql !== undefined ? hidesAppendedDdlx(target.sql) : undefined
  const ownMigration = hidden === undefined ? undefined : ownMigrationFinding(target, target.sql!, hidden)
  return { migration: target.name, file: target.file, tables, alreadyElectrified, findings, ...(ownMigration ? { ownMigration } : {}) }
}

function ownMigrationFinding(target: MigrationWithText, sql: string, at: number): Finding {
  const text = sql.startsWith('\uFEFF') ? sql.slice(1) : sql
  const line = text.slice(0, at).split('\n').length
  return {
    severity: 'warning',
    code: 'plan/ddlx-own-migration',
    message: `${target.name} has non-ASCII text (\`${String.fromCodePoint(text.codePointAt(at)!)}\`, line ${line}), and Electric's proxy misses DDLX that comes after any (\`ddlx/non-ascii\`): the DDLX goes into a migration of its own, right after it`,
    file: target.file,
    line,
    hint: 'Nothing to do: both migrations are applied together. Keep DDLX out of migrations with non-ASCII text.',
  }
}

/**
 * The first ENABLE, in the migrations after the target, of each table that exists once the target has
 * run (by its creation, `createdAt`: followed through renames; a table dropped and created again is
 * another table). Replays those migrations on a copy of the target's state.
 */
function electrifiedLater(atTarget: TableHistory, later: readonly AnalyzedMigration[], wanted: ReadonlySet<number>): Map<number, ElectrifyEvent> {
  const found = new Map<number, ElectrifyEvent>()
  if (wanted.size === 0) return found
  const state: TableHistory = { ...atTarget, tables: new Map(atTarget.tables), electrified: new Map(atTarget.electrified), foreignKeys: [...atTarget.foreignKeys], electrifiedUnknown: [] }
  for (const migration of later) {
    for (const event of migration.events) {
      if (event.type === 'electrify') {
        const table = state.tables.get(tableKey(event.table))
        if (table && wanted.has(table.createdAt) && !found.has(table.createdAt)) found.set(table.createdAt, { table: event.table, migration: migration.name, file: migration.file, line: event.line })
      }
      applyTableEvent(state, event, migration)
    }
  }
  return found
}

function electrifiedLaterFinding(model: AnnotatedTable, table: TableName, target: string, event: ElectrifyEvent): Finding {
  return {
    severity: 'warning',
    code: 'plan/electrified-later',
    message: `${quoteTableName(table)} (model ${model.model}) is electrified by a later migration, ${event.migration} (line ${event.line}), so nothing is added for it to ${target}`,
    file: event.file,
    line: event.line,
    hint: 'Nothing to do: the later migration electrifies it. To electrify it earlier, move that statement by hand while neither migration is committed or applied.',
  }
}

function missingTable(model: AnnotatedTable, migration: string): Finding {
  return {
    severity: 'warning',
    code: 'plan/table-not-created',
    message: `model ${model.model} is annotated with @electric, but no migration up to ${migration} creates its table ${quoteTableName(model)}`,
    file: model.file,
    line: model.line,
    hint: 'Create a migration for it with `electrify` (or `prisma migrate dev --create-only`), then run `electrify inject`.',
  }
}
