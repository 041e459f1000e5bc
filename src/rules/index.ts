/**
 * Electric's rules for electrified tables, checked by electrify before anything reaches the proxy
 * (pure). Rule identifiers (the findings' `code`) are documented in docs/rules.md.
 *
 * - `preflightFindings`: the annotated models of the schema (public schema, primary key, no database
 *   default, supported column types, enum labels, foreign keys to annotated models; `@unique` warns).
 * - `historyFindings`: the migration history (additive-only changes to electrified tables, ENABLE
 *   placed after the foreign keys of its table).
 */
import type { Finding } from '../findings.js'
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import type { AnnotatedTable } from '../schema/annotations.js'
import type { ParsedSchema } from '../schema/types.js'
import { historyFindings as checkHistory, type HistoryRuleFinding } from './history.js'
import { preflightFindings as checkModels, type SchemaRuleFinding } from './preflight.js'

export type { HistoryRuleFinding } from './history.js'
export type { SchemaRuleFinding } from './preflight.js'
export { RulesError } from './rules-error.js'
export { SUPPORTED_TYPES, ENUM_LABEL } from './column-types.js'

/** Pre-flight of the annotated models, from the schema alone: errors stop a run, warnings do not. */
export function preflightFindings(schema: ParsedSchema, annotated: readonly AnnotatedTable[]): Finding[] {
  const findings: SchemaRuleFinding[] = checkModels(schema, annotated)
  return findings
}

/** Additive-only changes and DDLX placement over a whole migration history, oldest migration first. */
export function historyFindings(history: readonly AnalyzedMigration[]): Finding[] {
  const findings: HistoryRuleFinding[] = checkHistory(history)
  return findings
}
