/**
 * Every rule over the migration history (pure): Electric's additive-only and placement rules
 * (history.ts), and SQL its proxy misreads or crashes on (proxy-reading.ts), which needs each
 * migration's text (`sql`).
 */
import { historyFindings as additiveFindings, type HistoryRuleFinding as AdditiveRuleFinding } from './history.js'
import { proxyReadingFindings, type MigrationWithText, type ProxyReadingFinding } from './proxy-reading.js'

export type HistoryRuleFinding = AdditiveRuleFinding | ProxyReadingFinding

export function historyFindings(history: readonly MigrationWithText[]): HistoryRuleFinding[] {
  return [...additiveFindings(history), ...proxyReadingFindings(history)]
}
