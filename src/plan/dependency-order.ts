/**
 * Orders tables so that a table comes after every table it references (pure). Otherwise the order
 * of `rank` (creation order) is kept. Tables in a foreign-key cycle cannot all come after each
 * other: such a group is placed as a whole, in rank order. Self-references are ignored.
 */
import { tableKey, type TableName } from '../sql/identifiers.js'

export function orderByDependencies<T extends { table: TableName }>(
  items: readonly T[],
  foreignKeys: readonly { from: TableName; to: TableName }[],
  rank: (item: T) => number,
): T[] {
  const sorted = [...items].sort((a, b) => rank(a) - rank(b) || compare(tableKey(a.table), tableKey(b.table)))
  const index = new Map(sorted.map((item, i) => [tableKey(item.table), i]))
  const references = sorted.map(() => new Set<number>())
  for (const fk of foreignKeys) {
    const from = index.get(tableKey(fk.from))
    const to = index.get(tableKey(fk.to))
    if (from !== undefined && to !== undefined && from !== to) references[from].add(to)
  }
  const groups = stronglyConnected(references)
  const groupOf = new Map<number, number>()
  groups.forEach((group, g) => group.forEach((i) => groupOf.set(i, g)))
  const placed = new Set<number>()
  const pending = groups.map((group, g) => ({ g, members: group.sort((a, b) => a - b) })).sort((a, b) => a.members[0] - b.members[0])
  const ordered: T[] = []
  while (pending.length > 0) {
    // The earliest group whose references outside itself are all placed; one always exists.
    const ready = pending.findIndex(({ g, members }) => members.every((i) => [...references[i]].every((r) => groupOf.get(r) === g || placed.has(r))))
    const [{ members }] = pending.splice(ready, 1)
    for (const i of members) {
      placed.add(i)
      ordered.push(sorted[i])
    }
  }
  return ordered
}

/** Tarjan's algorithm: the groups of nodes that reach each other. */
function stronglyConnected(edges: readonly Set<number>[]): number[][] {
  const index: number[] = new Array(edges.length).fill(-1)
  const low: number[] = new Array(edges.length).fill(0)
  const onStack: boolean[] = new Array(edges.length).fill(false)
  const stack: number[] = []
  const groups: number[][] = []
  let counter = 0
  const visit = (v: number): void => {
    index[v] = low[v] = counter++
    stack.push(v)
    onStack[v] = true
    for (const w of edges[v]) {
      if (index[w] === -1) {
        visit(w)
        low[v] = Math.min(low[v], low[w])
      } else if (onStack[w]) low[v] = Math.min(low[v], index[w])
    }
    if (low[v] === index[v]) {
      const group: number[] = []
      let w: number
      do {
        w = stack.pop()!
        onStack[w] = false
        group.push(w)
      } while (w !== v)
      groups.push(group)
    }
  }
  for (let v = 0; v < edges.length; v++) if (index[v] === -1) visit(v)
  return groups
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0
}
