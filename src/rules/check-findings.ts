/**
 * What `electrify check` finds when it holds the schema's annotations against the migration history
 * (pure). Each finding that a command can fix carries that command.
 *
 * - `check/not-electrified`: an annotated model's table exists, but no migration electrifies it.
 * - `check/table-not-created`: an annotated model's table is created by no migration.
 * - `check/electrified-not-annotated`: the history electrifies the table of a model that is not annotated.
 * - `check/electrified-without-model`: the history electrifies a table that no model maps to (warning).
 * - `check/electrify-unknown-table`: ENABLE ELECTRIC for a table that does not exist at that point (42P01).
 *
 * An ENABLE placed before a foreign key of its table is the history rules' finding
 * (`placement/enable-before-foreign-key`, rules/history.ts).
 *
 * A fix never appends to a migration committed in git: its table is electrified in a new migration
 * (`electrify inject --new`). With `--staged`, a table the working tree electrifies already is only
 * not staged: its fix is `git add`.
 *
 * `projectFindings` is everything `electrify check` reports; `pendingMigrationFindings` what of it
 * stops a run before Prisma applies the pending migrations.
 */
import path from 'node:path'
import type { Code } from '../codes.js'
import type { Finding } from '../findings.js'
import { replayHistory, tableCreations, type ElectrifyEvent, type TableHistory } from '../history/table-history.js'
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import { planElectrification } from '../plan/plan-electrification.js'
import { unreadableSql } from '../plan/unreadable-sql.js'
import type { AnnotatedTable } from '../schema/annotations.js'
import type { ParsedSchema } from '../schema/types.js'
import { quoteTableName, tableKey } from '../sql/identifiers.js'
import { snake } from '../migrations/migration-name.js'
import { shellQuote } from '../report/shell-quote.js'
import { historyFindings } from './history-rules.js'
import { preflightFindings } from './preflight.js'

export interface CheckFinding extends Finding {
  /** The command that fixes it, when one does (also quoted at the end of `hint`). */
  command?: string
}

export interface CheckInput {
  /** Undefined when the schema could not be parsed: only the history is checked then. */
  schema?: ParsedSchema
  annotated: readonly AnnotatedTable[]
  history: readonly AnalyzedMigration[]
  /** How fix commands run the project's electrify (default `npx --no -- electrify`): src/project/package-manager.ts. */
  runner?: readonly string[]
  /** Appended to every fix command, e.g. `['--cwd', 'apps/web']`. */
  fixArgs?: readonly string[]
  /** Migrations tracked in git's HEAD: never appended to, so a fix electrifies in a new migration instead. */
  committed?: ReadonlySet<string>
  /**
   * With `--staged`: the history as the working tree has it. A table it electrifies where the staged
   * history does not is fixed already, only not staged.
   */
  workingTree?: readonly AnalyzedMigration[]
  /** The folder the paths in `git` commands are relative to (the project's root). */
  root?: string
}

export function checkFindings(input: CheckInput): CheckFinding[] {
  const { schema, annotated, history } = input
  const fix = (...args: string[]) => [...(input.runner ?? ['npx', '--no', '--', 'electrify']), ...args, ...(input.fixArgs ?? [])].map(shellQuote).join(' ')
  const state = replayHistory(history)
  const findings: CheckFinding[] = []
  // A table a statement electrify cannot read mentions: its error (plan/unreadable-sql) says all that is sure.
  const unreadable = unreadableSql(annotated, history)
  if (schema) {
    const { unsure } = unreadable
    const annotatedOnes = annotatedFindings({ ...input, annotated: annotated.filter((m) => !unsure.has(tableKey(m))) }, state, fix)
    // Until then, inject and the one-shot stop on that statement: the fix says so first.
    findings.push(...(unsure.size === 0 ? annotatedOnes : annotatedOnes.map((f) => (f.command ? { ...f, hint: `First fix the statement electrify cannot read (plan/unreadable-sql): until then electrify stops on it. Then: ${f.hint}` } : f))))
    findings.push(...electrifiedFindings(schema, annotated, state))
  }
  findings.push(...unknownTableFindings(history, state))
  if (schema) findings.push(...unreadable.findings)
  return findings
}

type Fix = (...args: string[]) => string

/** Everything `electrify check` reports about a project (unsorted): what loading found, the models' pre-flight, the annotations against the history, Electric's history rules. */
export function projectFindings(input: CheckInput & { loaded: readonly Finding[] }): CheckFinding[] {
  const history = historyFindings(input.history)
  // Where a rule of Electric's cutter (`ddlx/*`) says what Electric will answer to a DDLX statement, the
  // reading's general guess about that statement (`migration/unsupported-ddlx`: EX001) is dropped. Such a
  // rule's `line` may point at a comment; `statementLine` is the statement's, where the guess is.
  const cut = new Set(history.filter((f) => f.code.startsWith('ddlx/')).map((f) => `${f.file}:${'statementLine' in f ? f.statementLine : f.line}`))
  const loaded = input.loaded.filter((f) => !(GUESSES.has(f.code) && cut.has(`${f.file}:${f.line}`)))
  return [...loaded, ...(input.schema ? preflightFindings(input.schema, input.annotated) : []), ...checkFindings(input), ...history]
}

const GUESSES = new Set<Code>(['migration/unsupported-ddlx', 'migration/invalid-ddlx'])

/** Statements PostgreSQL or Electric cannot read, and a migration the proxy never answers: a warning in the history, but applying them fails (or hangs). */
const REFUSED_WHEN_APPLIED = new Set<Code>(['migration/invalid-statement', 'migration/invalid-ddlx', 'migration/unsupported-ddlx', 'migration/empty'])

/**
 * What of check's findings stops a run before Prisma applies the pending migrations (pure): those in
 * the pending migrations' files, where a statement PostgreSQL or Electric cannot read is an error.
 */
export function pendingMigrationFindings(findings: readonly Finding[], pendingFiles: ReadonlySet<string>): Finding[] {
  const pending = findings
    .filter((f) => f.file !== undefined && pendingFiles.has(f.file))
    .map((f) => (REFUSED_WHEN_APPLIED.has(f.code) && f.severity === 'warning' ? { ...f, severity: 'error' as const } : f))
  return sortFindings(pending)
}

/** Findings without a file first, then by file and line; the order among equals is kept. */
export function sortFindings<F extends Finding>(findings: readonly F[]): F[] {
  return findings
    .map((finding, index) => ({ finding, index }))
    .sort((a, b) => {
      const fa = a.finding.file ?? ''
      const fb = b.finding.file ?? ''
      if (fa !== fb) return fa < fb ? -1 : 1
      return (a.finding.line ?? 0) - (b.finding.line ?? 0) || a.index - b.index
    })
    .map((x) => x.finding)
}

function annotatedFindings(input: CheckInput, state: TableHistory, fix: Fix): CheckFinding[] {
  const { annotated, history } = input
  const findings: CheckFinding[] = []
  const seen = new Set<string>()
  for (const model of annotated) {
    const key = tableKey(model)
    if (seen.has(key) || state.tables.has(key)) continue
    seen.add(key)
    const command = fix('--name', `add_${snake(model.model)}`)
    findings.push({
      severity: 'error',
      code: 'check/table-not-created',
      message: `model ${model.model} is annotated with @electric, but no migration creates its table ${quoteTableName(model)}`,
      file: model.file,
      line: model.line,
      hint: `Create and electrify the migration for it (through the proxy): \`${command}\``,
      command,
    })
  }
  if (history.length === 0) return findings

  // Which migration should electrify each table: planElectrification against the newest migration.
  const plan = planElectrification({ models: annotated, history })
  const newest = history[history.length - 1]!
  // One new migration electrifies every table that needs one: the same command for all of them.
  const later = plan.tables.filter((t) => t.reason === 'annotated-later')
  const newMigration = later.length === 1 ? `electrify_${snake(later[0]!.table.name)}` : 'electrify_tables'
  const newestCommitted = input.committed?.has(newest.name) === true
  const working = input.workingTree && replayHistory(input.workingTree)
  for (const planned of plan.tables) {
    const model = annotated.find((m) => m.model === planned.model)!
    const key = tableKey(planned.table)
    const createdIn = state.tables.get(key)?.createdIn ?? newest.name
    const table = quoteTableName(planned.table)
    const unstaged = working?.tables.has(key) ? working.electrified.get(key) : undefined
    if (unstaged) {
      findings.push(notStagedFinding(model, table, unstaged, input, fix))
    } else if (planned.reason === 'created' && !newestCommitted) {
      const command = fix('inject', newest.name)
      findings.push({
        severity: 'error',
        code: 'check/not-electrified',
        message: `model ${model.model} is annotated with @electric, but no migration electrifies its table ${table}; the newest migration, ${newest.name}, creates it and should`,
        file: model.file,
        line: model.line,
        hint: `Append ENABLE ELECTRIC to that migration: \`${command}\``,
        command,
      })
    } else if (planned.reason === 'created') {
      const command = fix('inject', '--new')
      findings.push({
        severity: 'error',
        code: 'check/not-electrified',
        message: `model ${model.model} is annotated with @electric, but no migration electrifies its table ${table}; the newest migration, ${newest.name}, creates it, but it is committed in git and must stay as it is, so a new migration should`,
        file: model.file,
        line: model.line,
        hint: `Electrify it in a new migration that runs last: \`${command}\``,
        command,
      })
    } else {
      const command = fix('--name', newMigration)
      const instead = newestCommitted ? `or, without the proxy: \`${fix('inject', '--new')}\`` : `or, while ${newest.name} is applied nowhere yet: \`${fix('inject', newest.name)}\``
      findings.push({
        severity: 'error',
        code: 'check/not-electrified',
        message: `model ${model.model} is annotated with @electric, but no migration electrifies its table ${table} (created by ${createdIn}); a new migration should`,
        file: model.file,
        line: model.line,
        hint: `Electrify it in a new migration, through the proxy: \`${command}\` (${instead})`,
        command,
      })
    }
  }
  return findings
}

/** The staged history does not electrify the table, the working tree's does: the fix is only not staged. */
function notStagedFinding(model: AnnotatedTable, table: string, event: ElectrifyEvent, input: CheckInput, fix: Fix): CheckFinding {
  const shown = path.relative(input.root ?? '', event.file) || event.file
  const head = `model ${model.model} is annotated with @electric, but no staged migration electrifies its table ${table}; ${shown} in the working tree does (line ${event.line})`
  if (input.committed?.has(event.migration)) {
    const command = `git checkout -- ${shellQuote(shown)} && ${fix('inject', '--new')}`
    return {
      severity: 'error',
      code: 'check/not-electrified',
      message: `${head}, but that migration is committed in git and must stay as it is`,
      file: model.file,
      line: model.line,
      hint: `Undo that edit and electrify it in a new migration that runs last: \`${command}\``,
      command,
    }
  }
  const command = `git add ${shellQuote(shown)}`
  return {
    severity: 'error',
    code: 'check/not-electrified',
    message: `${head}, but that change is not staged`,
    file: model.file,
    line: model.line,
    hint: `Stage it, so that the commit contains it: \`${command}\``,
    command,
  }
}

function electrifiedFindings(schema: ParsedSchema, annotated: readonly AnnotatedTable[], state: TableHistory): CheckFinding[] {
  const annotatedKeys = new Set(annotated.map(tableKey))
  const findings: CheckFinding[] = []
  for (const [key, event] of state.electrified) {
    if (!state.tables.has(key) || annotatedKeys.has(key)) continue
    const model = schema.models.find((m) => (m.schema ?? 'public') === event.table.schema && (m.dbName ?? m.name) === event.table.name)
    const table = quoteTableName(event.table)
    if (model) {
      findings.push({
        severity: 'error',
        code: 'check/electrified-not-annotated',
        message: `migration ${event.migration} electrifies ${table} (line ${event.line}), but its model ${model.name} is not annotated with @electric`,
        file: model.file,
        line: model.line,
        hint: `Put \`/// @electric\` directly above \`model ${model.name} {\` (Electric 0.x cannot un-electrify a table).`,
      })
    } else {
      findings.push({
        severity: 'warning',
        code: 'check/electrified-without-model',
        message: `this electrifies ${table}, which no model in the schema maps to`,
        file: event.file,
        line: event.line,
        hint: `Add a model for ${table} annotated with \`/// @electric\` (e.g. with \`prisma db pull\`), or remove the statement if the migration was never applied.`,
      })
    }
  }
  return findings
}

function unknownTableFindings(history: readonly AnalyzedMigration[], state: TableHistory): CheckFinding[] {
  const created = tableCreations(history)
  return state.electrifiedUnknown.map((event) => {
    const position = history.findIndex((m) => m.name === event.migration)
    const later = created.find((c) => tableKey(c.table) === tableKey(event.table) && (c.index > position || (c.index === position && c.line > event.line)))
    const cased = created.find((c) => c.table.schema === event.table.schema && c.table.name !== event.table.name && c.table.name.toLowerCase() === event.table.name)
    const table = quoteTableName(event.table)
    let hint: string
    if (cased) {
      hint = `Unquoted names are lower-cased, so this names ${table}; to electrify ${quoteTableName(cased.table)} quote it: \`ALTER TABLE ${quoteTableName(cased.table)} ENABLE ELECTRIC;\``
    } else if (later) {
      hint = `The table is only created later (${later.migration}, line ${later.line}): move the statement after that, at the end of the migration that creates it.`
    } else {
      hint = 'No migration creates it: correct the table name, or remove the statement.'
    }
    return {
      severity: 'error' as const,
      code: 'check/electrify-unknown-table',
      message: `ENABLE ELECTRIC for ${table}, which does not exist at this point: Electric answers 42P01 (relation does not exist) and the migration fails`,
      file: event.file,
      line: event.line,
      hint,
    }
  })
}
