#!/usr/bin/env node
/**
 * The floor of scripts/bench-check.js: a node process that only reads what `electrify check` reads, the
 * schema and every `<migrations>/<name>/migration.sql` (synchronously, as check does), and exits.
 *
 *   node scripts/lib/read-floor.js <schema.prisma> <migrations folder>
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'

const [schema, migrationsDir] = process.argv.slice(2)
let chars = readFileSync(schema, 'utf8').length
for (const entry of readdirSync(migrationsDir, { withFileTypes: true })) {
  if (entry.isDirectory()) chars += readFileSync(path.join(migrationsDir, entry.name, 'migration.sql'), 'utf8').length
}
process.stdout.write(`${chars}\n`)
