#!/usr/bin/env node
// @ts-check
/**
 * What the two parsers alone cost, for scripts/bench-check.js: read-floor.js's reading, then exactly the
 * parsing a cold `electrify check` asks of them, and nothing else (no analysis, no rules, no output):
 * - Prisma's schema parser (`get_datamodel` on the schema as electrify sends it, its datasource adapted
 *   when it has no `url`; `get_config` on its config blocks);
 * - libpg-query on every statement that can change tables, one call per migration, each statement
 *   alone when the batch fails (electrify also parses the few others that hold the word ELECTRIC or
 *   never close a quote: left out here, which keeps this a lower bound);
 * with the V8 flags electrify sets for a check (src/cli/baseline-wasm.ts). It uses electrify's own
 * functions for that (from dist/, about 5 ms of module loading), so it is the smallest time a `check`
 * that parses what electrify parses with these two parsers can take: the part of the cold target's
 * budget that is theirs.
 *
 *   node scripts/lib/parsers-floor.js <schema.prisma> <migrations folder>   (after npm run build)
 */
import { readdirSync, readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import v8 from 'node:v8'

for (const flag of ['--liftoff-only', '--wasm-lazy-validation']) v8.setFlagsFromString(flag)
const dist = new URL('../../dist/', import.meta.url)
/** @type {typeof import('libpg-query')} */
const pg = createRequire(dist)('libpg-query')
const loading = pg.loadModule()
const [{ parseAnyUrlStyle }, { getConfig, getDatamodel }, { configBlocksOnly }, { scanStatements }, { mayChangeTables }] = await Promise.all([
  import(new URL('schema/datasource-url.js', dist).href),
  import(new URL('schema/prisma-wasm.js', dist).href),
  import(new URL('schema/source-scan.js', dist).href),
  import(new URL('sql/statement-spans.js', dist).href),
  import(new URL('sql/statements.js', dist).href),
])

const [schemaPath, migrationsDir] = process.argv.slice(2)
const files = [{ path: schemaPath, content: readFileSync(schemaPath, 'utf8') }]
const sqls = []
for (const entry of readdirSync(migrationsDir, { withFileTypes: true })) {
  if (entry.isDirectory()) sqls.push(readFileSync(path.join(migrationsDir, entry.name, 'migration.sql'), 'utf8'))
}

const parsed = parseAnyUrlStyle(files, getDatamodel)
if (parsed.ok) getConfig(configBlocksOnly(parsed.value.files))
/** @param {string} sql */
const toParse = (sql) => {
  /** @type {string[]} */
  const texts = []
  scanStatements(sql, (/** @type {{ start: number, end: number, words: string[] }} */ span) => {
    if (mayChangeTables(span.words)) texts.push(sql.slice(span.start, span.end))
  })
  return texts
}
const batches = sqls.map(toParse)
await loading
for (const texts of batches) {
  if (texts.length === 0) continue
  try {
    pg.parseSync(texts.join(';\n'))
  } catch {
    for (const text of texts) {
      try {
        pg.parseSync(text)
      } catch {
        // DDLX or an invalid statement: as electrify, one statement at a time
      }
    }
  }
}
process.stdout.write(`${parsed.ok ? 'schema parsed' : 'schema refused'}, ${batches.flat().length} statements\n`)
