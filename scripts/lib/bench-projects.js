// @ts-check
/**
 * The projects scripts/bench-check.js measures, built in a temporary folder from the corpus (only read,
 * never copied into the repository) or generated: a Prisma schema, `prisma/migrations/<name>/migration.sql`
 * and an empty `node_modules/` (where `check` keeps its cache, as in a real project).
 */
import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { UsageError } from './corpus.js'

/**
 * @typedef {object} BenchProject
 * @property {string} key
 * @property {string} dir the project folder (`--cwd`)
 * @property {string} schema path of schema.prisma
 * @property {string} migrationsDir
 * @property {number} migrations
 * @property {number} sqlBytes bytes of every migration.sql together
 * @property {string} description
 */

/** Models of langfuse's schema annotated for the bench, and their tables. */
export const LANGFUSE_ANNOTATED = [
  ['Account', 'Account'],
  ['Session', 'Session'],
  ['User', 'users'],
  ['VerificationToken', 'verification_tokens'],
  ['Organization', 'organizations'],
]

/**
 * One repository's history: its schema with LANGFUSE_ANNOTATED marked `/// @electric` when it has those
 * models, all its migrations, and a last one that electrifies them.
 * @param {string} corpus the folder with schemas/ and migrations/
 * @param {string} key file prefix in the corpus, e.g. `langfuse`
 * @param {string} dir
 * @returns {BenchProject}
 */
export function corpusProject(corpus, key, dir) {
  const { schema, annotated } = annotatedSchema(corpus, key)
  const files = readdirSync(path.join(corpus, 'migrations')).filter((f) => f.startsWith(`${key}__`) && f.endsWith('.sql'))
  const layout = startProject(dir, schema)
  let bytes = 0
  for (const file of files) bytes += copyMigration(path.join(corpus, 'migrations', file), layout.migrationsDir, file.slice(key.length + 2, -'.sql'.length))
  bytes += addElectrifyMigration(layout.migrationsDir, annotated)
  return { key, dir, ...layout, migrations: files.length + (annotated.length ? 1 : 0), sqlBytes: bytes, description: `${key}'s schema and its ${files.length} migrations` }
}

/**
 * Every migration of the corpus as one history (at least 700 migrations and 1 MB), one repository after
 * the other, with langfuse's annotated schema: views, functions, data fixes and enum rewrites of 17
 * projects in one check.
 * @param {string} corpus
 * @param {string} dir
 * @returns {BenchProject}
 */
export function assembledProject(corpus, dir) {
  const { schema, annotated } = annotatedSchema(corpus, 'langfuse')
  const files = readdirSync(path.join(corpus, 'migrations'))
    .filter((f) => f.endsWith('.sql'))
    .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  const layout = startProject(dir, schema)
  let bytes = 0
  files.forEach((file, i) => {
    // A sequence number keeps each repository's own order and puts the repositories one after the other.
    const name = `${String(i + 1).padStart(5, '0')}_${file.slice(0, -'.sql'.length).replace('__', '_')}`
    bytes += copyMigration(path.join(corpus, 'migrations', file), layout.migrationsDir, name)
  })
  bytes += addElectrifyMigration(layout.migrationsDir, annotated)
  return { key: 'assembled', dir, ...layout, migrations: files.length + 1, sqlBytes: bytes, description: `all ${files.length} corpus migrations as one history, langfuse's schema` }
}

/**
 * A generated project with one very large data migration: `CREATE TABLE "Reading"` and enough INSERTs
 * (with an UPDATE, a DO block, comments and tricky strings now and then) to make `targetBytes`.
 * The model is annotated, so `inject` appends ENABLE ELECTRIC to that migration.
 * @param {string} dir
 * @param {number} targetBytes
 * @returns {BenchProject}
 */
export function largeMigrationProject(dir, targetBytes) {
  const schema = `datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\n/// @electric\nmodel Reading {\n  id      Int      @id\n  sensor  String\n  note    String?\n  value   Float\n  takenAt DateTime\n}\n`
  const layout = startProject(dir, schema)
  const folder = path.join(layout.migrationsDir, '20240101000000_readings')
  mkdirSync(folder)
  const sql = largeMigrationSql(targetBytes)
  writeFileSync(path.join(folder, 'migration.sql'), sql)
  const bytes = Buffer.byteLength(sql)
  return { key: 'large', dir, ...layout, migrations: 1, sqlBytes: bytes, description: `one generated migration of ${(bytes / 1e6).toFixed(1)} MB (CREATE TABLE and INSERTs)` }
}

/** @param {number} targetBytes */
export function largeMigrationSql(targetBytes) {
  const parts = [
    '-- CreateTable\nCREATE TABLE "Reading" (\n    "id" INTEGER NOT NULL,\n    "sensor" TEXT NOT NULL,\n    "note" TEXT,\n    "value" DOUBLE PRECISION NOT NULL,\n    "takenAt" TIMESTAMP(3) NOT NULL,\n\n    CONSTRAINT "Reading_pkey" PRIMARY KEY ("id")\n);\n\n-- Data\n',
  ]
  let bytes = parts[0].length
  for (let id = 1; bytes < targetBytes; id++) {
    let row = `INSERT INTO "Reading" ("id", "sensor", "note", "value", "takenAt") VALUES (${id}, 'sensor-${id % 97}', ${noteOf(id)}, ${(id * 0.37).toFixed(2)}, '2024-01-01 00:00:00'::timestamp + interval '${id} seconds');\n`
    if (id % 1000 === 0) row += `-- batch ${id / 1000}; checked\nUPDATE "Reading" SET "note" = NULL WHERE "id" = ${id - 500} /* fixed; see ticket */;\n`
    if (id % 25000 === 0) row += `DO $$\nBEGIN\n  RAISE NOTICE 'loaded % rows; go on', ${id};\nEND\n$$;\n`
    parts.push(row)
    bytes += row.length
  }
  return parts.join('')
}

/** @param {number} id */
function noteOf(id) {
  if (id % 7 === 0) return 'NULL'
  if (id % 5 === 0) return `'it''s fine; -- not a comment /* nor this */'`
  return `'reading number ${id}, taken by the morning round of the north-east sensors'`
}

/**
 * @param {string} corpus
 * @param {string} key
 */
function annotatedSchema(corpus, key) {
  const file = path.join(corpus, 'schemas', `${key}__schema.prisma`)
  let schema
  try {
    schema = readFileSync(file, 'utf8')
  } catch {
    throw new UsageError(`no schema at ${file}: pass --corpus <dir> (the folder with schemas/ and migrations/)`)
  }
  const annotated = []
  for (const [model, table] of LANGFUSE_ANNOTATED) {
    if (!schema.includes(`\nmodel ${model} {`)) continue
    schema = schema.replace(`\nmodel ${model} {`, `\n/// @electric\nmodel ${model} {`)
    annotated.push(table)
  }
  return { schema, annotated }
}

/**
 * @param {string} dir
 * @param {string} schema
 */
function startProject(dir, schema) {
  const schemaFile = path.join(dir, 'prisma', 'schema.prisma')
  const migrationsDir = path.join(dir, 'prisma', 'migrations')
  mkdirSync(migrationsDir, { recursive: true })
  // A package with packages installed, as every real project is (check keeps its cache in its
  // node_modules, and is run from its folder): the file npm leaves in node_modules stands for them.
  mkdirSync(path.join(dir, 'node_modules'))
  writeFileSync(path.join(dir, 'node_modules', '.package-lock.json'), '{}\n')
  writeFileSync(path.join(dir, 'package.json'), `${JSON.stringify({ name: `bench-${path.basename(dir)}`, private: true }, null, 2)}\n`)
  writeFileSync(schemaFile, schema)
  return { schema: schemaFile, migrationsDir }
}

/**
 * @param {string} from
 * @param {string} migrationsDir
 * @param {string} name
 */
function copyMigration(from, migrationsDir, name) {
  const folder = path.join(migrationsDir, name)
  mkdirSync(folder)
  cpSync(from, path.join(folder, 'migration.sql'))
  return readFileSync(from).length
}

/**
 * @param {string} migrationsDir
 * @param {string[]} tables
 */
function addElectrifyMigration(migrationsDir, tables) {
  if (tables.length === 0) return 0
  const folder = path.join(migrationsDir, '20990101000000_electrify_tables')
  mkdirSync(folder)
  const sql = tables.map((table) => `ALTER TABLE "${table}" ENABLE ELECTRIC;\n`).join('')
  writeFileSync(path.join(folder, 'migration.sql'), sql)
  return sql.length
}
