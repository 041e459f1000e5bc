/**
 * What a run is about to create through Prisma, remembered until the run has dealt with it.
 *
 * `prisma migrate dev --create-only` writes an empty migration when the schema did not change; when no
 * table needs electrifying either, electrify removes it. A run killed or interrupted (Ctrl-C) in
 * between leaves it behind, and the next `prisma migrate dev` would apply it silently and keep it for
 * ever. So before Prisma runs, a run writes a marker — its process id, the name it gives Prisma, and
 * the migration folders that exist — and removes the marker once what Prisma created is dealt with.
 * A marker found by the next run (which holds the project's lock, so the marking run is over) names
 * what that run created and left: `leftoverMigrations` picks the empty ones, which the run removes
 * unless they were applied or committed meanwhile.
 *
 * The marker is `node_modules/.cache/electrify/created-<key of the migrations folder>.json`.
 */
import { mkdir, readFile, rm } from 'node:fs/promises'
import path from 'node:path'
import { cacheFolder, fileKey } from '../fs/cache-folder.js'
import { writeFileAtomic } from '../fs/write-file-atomic.js'
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import { committedMigrations } from './shared-migrations.js'

export interface RunMarker {
  pid: number
  /** The `--name` given to `prisma migrate dev --create-only`. */
  name: string
  /** ISO time Prisma was started. */
  since: string
  /** The migration folders before Prisma ran. */
  existing: string[]
}

export function runMarkerFile(packageRoot: string, migrationsDir: string): string {
  return path.join(cacheFolder(packageRoot), `created-${fileKey(path.resolve(migrationsDir))}.json`)
}

export async function writeRunMarker(file: string, marker: RunMarker): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  await writeFileAtomic(file, `${JSON.stringify(marker)}\n`)
}

/** The marker a run left, if any; an unreadable one is no marker (it only ever removes empty migrations). */
export async function readRunMarker(file: string): Promise<RunMarker | undefined> {
  try {
    const marker = JSON.parse(await readFile(file, 'utf8')) as RunMarker
    return typeof marker.pid === 'number' && typeof marker.name === 'string' && Array.isArray(marker.existing) ? marker : undefined
  } catch {
    return undefined
  }
}

export async function removeRunMarker(file: string): Promise<void> {
  await rm(file, { force: true })
}

/**
 * The migrations the marked run's Prisma created and left empty (pure): new since the marker, named
 * as Prisma names a migration with the marker's name (`<timestamp>_<name>`), and without a single
 * statement. Whether they were applied or committed since is the caller's to ask.
 */
export function leftoverMigrations(marker: RunMarker, history: readonly AnalyzedMigration[]): AnalyzedMigration[] {
  const existing = new Set(marker.existing)
  const name = normalise(marker.name)
  return history.filter((m) => !existing.has(m.name) && normalise(m.name.replace(/^\d+_/, '')) === name && m.statements.length === 0)
}

/** Prisma makes a folder name of `--name` (spaces and dashes become `_`, …): compared loosely. */
function normalise(name: string): string {
  return name.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '')
}

export interface RemoveLeftoversOptions {
  markerFile: string
  /** The history as read, the leftovers included. */
  history: readonly AnalyzedMigration[]
  migrationsDir: string
  /** The migrations the database records as applied; asked only when there is a leftover. */
  applied: () => Promise<ReadonlySet<string>>
}

/**
 * What an interrupted run left (the marker's empty migrations), removed unless it was applied or
 * committed since; then the marker. Returns the migrations removed. Call it holding the project's lock.
 */
export async function removeLeftovers(options: RemoveLeftoversOptions): Promise<AnalyzedMigration[]> {
  const marker = await readRunMarker(options.markerFile)
  if (!marker) return []
  const leftovers = leftoverMigrations(marker, options.history)
  const removed: AnalyzedMigration[] = []
  if (leftovers.length > 0) {
    const [applied, committed] = await Promise.all([options.applied(), committedMigrations(options.migrationsDir)])
    for (const migration of leftovers) {
      if (applied.has(migration.name) || committed.has(migration.name)) continue
      await rm(path.join(options.migrationsDir, migration.name), { recursive: true, force: true })
      removed.push(migration)
    }
  }
  await removeRunMarker(options.markerFile)
  return removed
}
