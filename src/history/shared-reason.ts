/** Why a migration is shared (shared-migrations.ts), in words; no dependencies, for the reporter. */
export type SharedReason = 'committed' | 'applied'

/** "committed in git", "applied to the database", or both: for messages. */
export function describeShared(reasons: readonly SharedReason[]): string {
  return reasons.map((r) => (r === 'committed' ? 'committed in git' : 'applied to the database')).join(' and ')
}
