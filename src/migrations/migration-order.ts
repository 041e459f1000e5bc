/**
 * Prisma's order of migrations: folder names compared as plain strings (code units, not the locale),
 * which its timestamp prefixes make chronological.
 */
export function compareMigrationNames(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}

export function inMigrationOrder<T extends { name: string }>(migrations: readonly T[]): T[] {
  return [...migrations].sort((a, b) => compareMigrationNames(a.name, b.name))
}
