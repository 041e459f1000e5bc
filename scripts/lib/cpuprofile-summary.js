#!/usr/bin/env node
// @ts-check
/**
 * Where the time goes in a V8 CPU profile (`node --cpu-prof`), in the terms that matter for the
 * analysis: libpg-query's scanner, its parser, electrify's own JavaScript, garbage collection, rest.
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/electrify-prof scripts/conformance.js ../shared/corpus/migrations
 *   node scripts/lib/cpuprofile-summary.js /tmp/electrify-prof/*.cpuprofile
 *
 * Prints each category's share (a sample counts for the first category found walking from the
 * sampled frame to the root) and the functions with the most self time.
 */
import { readFileSync } from 'node:fs'
import { isMain } from './corpus.js'

/**
 * @typedef {{ id: number, callFrame: { functionName: string, url: string, lineNumber: number }, children?: number[] }} ProfileNode
 * @typedef {{ nodes: ProfileNode[], samples: number[], timeDeltas: number[] }} Profile
 */

/**
 * Checked in order on every frame of a sample's stack, innermost first.
 * @type {[string, (node: ProfileNode) => boolean][]}
 */
const CATEGORIES = [
  ['libpg-query scanSync (tokens for statement spans)', (n) => n.callFrame.functionName === 'scanSync' && n.callFrame.url.includes('libpg-query')],
  ['libpg-query parseSync (parse + JSON of the tree)', (n) => n.callFrame.functionName === 'parseSync' && n.callFrame.url.includes('libpg-query')],
  ["Prisma's schema parser (prisma-schema-wasm)", (n) => n.callFrame.url.includes('prisma-schema-wasm') || n.callFrame.url.includes('prisma_schema_build')],
  ['garbage collector', (n) => n.callFrame.functionName === '(garbage collector)'],
  ['electrify JavaScript (dist/)', (n) => /\/dist\/.+\.js$/.test(n.callFrame.url)],
]

/** @param {Profile} profile */
export function summarize(profile) {
  /** @type {Map<number, ProfileNode>} */
  const byId = new Map(profile.nodes.map((n) => [n.id, n]))
  /** @type {Map<number, number>} */
  const parent = new Map()
  for (const n of profile.nodes) for (const child of n.children ?? []) parent.set(child, n.id)
  /** @type {Map<number, number>} microseconds per sampled node */
  const sampled = new Map()
  let total = 0
  profile.samples.forEach((id, i) => {
    const dt = profile.timeDeltas[i] ?? 0
    sampled.set(id, (sampled.get(id) ?? 0) + dt)
    total += dt
  })
  /** @type {Map<string, number>} */
  const categories = new Map()
  /** @type {Map<string, number>} */
  const self = new Map()
  for (const [id, us] of sampled) {
    const leaf = /** @type {ProfileNode} */ (byId.get(id))
    const frame = leaf.callFrame
    const key = `${frame.functionName || '(anonymous)'} ${frame.url.split('/').slice(-2).join('/')}:${frame.lineNumber + 1}`
    self.set(key, (self.get(key) ?? 0) + us)
    let category = 'other (node start-up, module loading, reading files, idle)'
    outer: for (const [name, test] of CATEGORIES) {
      for (let cur = /** @type {number | undefined} */ (id); cur !== undefined; cur = parent.get(cur)) {
        if (test(/** @type {ProfileNode} */ (byId.get(cur)))) {
          category = name
          break outer
        }
      }
    }
    categories.set(category, (categories.get(category) ?? 0) + us)
  }
  return { totalMs: total / 1000, categories, self }
}

/** @param {string[]} files */
function main(files) {
  if (files.length === 0) {
    process.stderr.write('usage: node scripts/lib/cpuprofile-summary.js <file.cpuprofile>...\n')
    return 2
  }
  for (const file of files) {
    const { totalMs, categories, self } = summarize(JSON.parse(readFileSync(file, 'utf8')))
    const ms = (/** @type {number} */ us) => `${(us / 1000).toFixed(0).padStart(6)} ms`
    const pct = (/** @type {number} */ us) => `${((us / 1000 / totalMs) * 100).toFixed(0).padStart(3)} %`
    const out = [`${file}: ${totalMs.toFixed(0)} ms sampled`]
    for (const [name, us] of [...categories].sort((a, b) => b[1] - a[1])) out.push(`  ${ms(us)} ${pct(us)}  ${name}`)
    out.push('  top self time:')
    for (const [name, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, 12)) out.push(`  ${ms(us)} ${pct(us)}  ${name}`)
    process.stdout.write(`${out.join('\n')}\n`)
  }
  return 0
}

if (isMain(import.meta.url)) {
  process.exitCode = main(process.argv.slice(2))
}
