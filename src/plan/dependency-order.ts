/**
 * Orders tables so that a table comes after every table it references (pure). Self-references are
 * ignored; a cycle is broken at its earliest-created table, so the result is stable.
 */
import { tableKey, type TableName } from '../sql/identifiers.js'

export function orderByDependencies<T extends { table: TableName }>(
  items: readonly T[],
  foreignKeys: readonly { from: TableName; to: TableName }[],
  rank: (item: T) => number,
): T[] {
  const byKey = new Map(items.map((item) => [tableKey(item.table), item]))
  const references = new Map<string, Set<string>>([...byKey.keys()].map((k) => [k, new Set<string>()]))
  for (const fk of foreignKeys) {
    const from = tableKey(fk.from)
    const to = tableKey(fk.to)
    if (from !== to && byKey.has(from) && byKey.has(to)) references.get(from)!.add(to)
  }
  const pending = [...items].sort((a, b) => rank(a) - rank(b) || compare(tableKey(a.table), tableKey(b.table)))
  const placed = new Set<string>()
  const ordered: T[] = []
  while (pending.length > 0) {
    const ready = pending.findIndex((item) => [...references.get(tableKey(item.table))!].every((k) => placed.has(k)))
    // No table is free of unplaced references: a cycle. Take the earliest one to break it.
    const [next] = pending.splice(ready === -1 ? 0 : ready, 1)
    placed.add(tableKey(next.table))
    ordered.push(next)
  }
  return ordered
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
