/**
 * `electrify watch`: runs the one-shot pipeline (`migrate()`) whenever the schema changes or a
 * migration appears that electrify did not write.
 *
 * - Changes settle first: a run starts once nothing has changed for `debounceMs` (200 ms).
 * - One run at a time. Changes during a run give exactly one more run after it.
 * - Its own writes never start a run: what a run saw is remembered (the schema's text when it
 *   started, the migration folders when it ended), and a run only starts when that differs. So
 *   Prisma's new migration, electrify's injection, or a save that changes nothing start nothing.
 * - A failed run (invalid schema, Prisma's error, proxy down) is reported and watching goes on.
 * - Aborting the context's signal closes the watcher and stops a running Prisma child.
 *
 * Everything it does is reported as events (WatchEvent, each run's steps as `run-progress`).
 */
import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { FSWatcher } from 'chokidar'
import { ElectrifyError } from '../errors.js'
import { migrationNameFor } from '../migrations/migration-name.js'
import { listMigrations } from '../migrations/read-history.js'
import { findProject, type ProjectLayout } from '../project/find-project.js'
import { listSchemaFiles } from '../project/fs-entries.js'
import type { RunReason, WatchEvent } from '../report/events.js'
import { runContext, type RunContext } from '../run-context.js'
import type { SchemaFile } from '../schema/types.js'
import { migrate, type MigrateSettings } from './migrate.js'

export type { RunReason, WatchEvent } from '../report/events.js'

export interface WatchOptions extends MigrateSettings {
  /** Name of every migration created; default: from what changed (`add_item`, `electrify_post`, …). */
  name?: string
  /** Run once and return. */
  once?: boolean
  /** Quiet time before a run starts; default 200 ms. */
  debounceMs?: number
}

export interface WatchResult {
  /** 0; 130 when stopped by the signal; with `once`, the run's exit code. */
  exitCode: number
  runs: number
}

export async function watch(options: WatchOptions, given: Partial<RunContext<WatchEvent>> = {}): Promise<WatchResult> {
  const context = runContext(given)
  const layout = await findProject({ cwd: context.cwd, schema: options.schema })
  const session = new WatchSession(layout, options, context)
  return session.start()
}

/** What a run saw: each schema file's hash when it started, the migration folders when it ended. */
interface Snapshot {
  schema: Map<string, string>
  migrations: string[]
}

class WatchSession {
  private watcher?: FSWatcher
  private readonly controller = new AbortController()
  private readonly debounceMs: number
  private timer?: NodeJS.Timeout
  private busy = false
  private dirty = false
  private runs = 0
  private seen?: Snapshot
  private lastSchema?: SchemaFile[]
  private stopped = false
  private finish?: (code: number) => void
  private idle = Promise.resolve()

  constructor(
    private readonly layout: ProjectLayout,
    private readonly options: WatchOptions,
    private readonly context: RunContext<WatchEvent>,
  ) {
    this.debounceMs = options.debounceMs ?? 200
  }

  private emit(event: WatchEvent): void {
    this.context.report(event)
  }

  async start(): Promise<WatchResult> {
    const { signal } = this.context
    if (signal?.aborted) return { exitCode: 130, runs: 0 }
    const onAbort = () => void this.stop()
    signal?.addEventListener('abort', onAbort, { once: true })
    try {
      if (this.options.once) {
        const { exitCode } = await this.run('start', [])
        return { exitCode: signal?.aborted ? 130 : exitCode, runs: this.runs }
      }
      const finished = new Promise<number>((resolve) => (this.finish = resolve))
      await this.startWatcher()
      if (this.stopped) return { exitCode: 130, runs: this.runs }
      this.emit({ type: 'watching', schemaPath: this.layout.schemaPath, migrationsDir: this.layout.migrationsDir })
      this.trigger()
      const exitCode = await finished
      return { exitCode, runs: this.runs }
    } finally {
      signal?.removeEventListener('abort', onAbort)
    }
  }

  private async stop(): Promise<void> {
    if (this.stopped) return
    this.stopped = true
    clearTimeout(this.timer)
    this.controller.abort() // stops a running Prisma child
    await this.watcher?.close()
    await this.idle
    this.emit({ type: 'stopped', runs: this.runs })
    this.finish?.(130)
  }

  private async startWatcher(): Promise<void> {
    const { schemaPath, migrationsDir } = this.layout
    const schemaIsFolder = this.schemaIsFolder()
    // A single schema file is watched through its folder: editors often save by replacing the file.
    const schemaRoot = schemaIsFolder ? schemaPath : path.dirname(schemaPath)
    const isSchema = (p: string) => (schemaIsFolder ? p === schemaPath || isInside(schemaPath, p) : p === schemaPath)
    const depthInMigrations = (p: string) => (p === migrationsDir || !isInside(migrationsDir, p) ? 0 : path.relative(migrationsDir, p).split(path.sep).length)
    const ignored = (p: string, stats?: { isFile(): boolean }) => {
      const file = path.resolve(p)
      const depth = depthInMigrations(file)
      if (depth > 0) return depth > 2 || (depth === 2 && path.basename(file) !== 'migration.sql')
      if (file === migrationsDir) return false
      if (isSchema(file)) return schemaIsFolder && stats?.isFile() === true && !file.endsWith('.prisma')
      // Folders on the way to what is watched stay; anything else is ignored (and not descended into).
      return file !== schemaRoot && !isInside(file, migrationsDir) && !isInside(file, schemaRoot)
    }
    // Imported here, not at the top: outside the bundle (scripts/bundle-cli.js), only watch loads it.
    const { watch: chokidarWatch } = await import('chokidar')
    if (this.stopped) return // stopped while it loaded: there is no watcher to close
    const watcher = chokidarWatch([schemaRoot, migrationsDir], { ignoreInitial: true, ignored })
    this.watcher = watcher
    watcher.on('all', (event, p) => {
      const file = path.resolve(p)
      const depth = depthInMigrations(file)
      // Schema files; migration folders and their migration.sql appearing or going (not edits to them).
      if ((isSchema(file) && event !== 'addDir' && event !== 'unlinkDir') || (depth > 0 && event !== 'change')) this.onChange()
    })
    watcher.on('error', (error) => this.emit({ type: 'watcher-error', error }))
    await new Promise<void>((resolve) => watcher.once('ready', resolve))
  }

  private onChange(): void {
    if (this.stopped) return
    if (this.busy) this.dirty = true
    else this.schedule()
  }

  private schedule(): void {
    clearTimeout(this.timer)
    this.timer = setTimeout(() => this.trigger(), this.debounceMs)
  }

  /**
   * After the quiet time: run, unless nothing differs from what the last run saw. Changes seen during
   * a run (`dirty`) lead to exactly one more trigger after it.
   */
  private trigger(): void {
    if (this.stopped) return
    if (this.busy) {
      this.dirty = true
      return
    }
    this.busy = true
    this.idle = (async () => {
      try {
        if (!this.seen) {
          await this.run('start', [])
          return
        }
        const change = await this.changeSinceLastRun(this.seen)
        if (change) await this.run(change.reason, change.files)
        else this.emit({ type: 'unchanged' })
      } finally {
        this.busy = false
        if (this.dirty && !this.stopped) {
          this.dirty = false
          this.schedule()
        }
      }
    })()
  }

  private async changeSinceLastRun(seen: Snapshot): Promise<{ reason: RunReason; files: string[] } | undefined> {
    const [{ hashes }, migrations] = await Promise.all([this.readSchema(), this.migrationFolders()])
    const schemaFiles = [...new Set([...hashes.keys(), ...seen.schema.keys()])].filter((f) => hashes.get(f) !== seen.schema.get(f))
    if (schemaFiles.length > 0) return { reason: 'schema', files: schemaFiles.sort() }
    const before = new Set(seen.migrations)
    const now = new Set(migrations)
    const folders = [...migrations.filter((m) => !before.has(m)), ...seen.migrations.filter((m) => !now.has(m))]
    return folders.length > 0 ? { reason: 'migrations', files: folders } : undefined
  }

  private async run(reason: RunReason, files: string[]): Promise<{ exitCode: number }> {
    const started = performance.now()
    const run = ++this.runs
    const { files: schemaFiles, hashes } = await this.readSchema()
    // Named after what changed since the last run that succeeded (a failed run migrated nothing).
    const name = this.options.name ?? migrationNameFor(this.lastSchema, schemaFiles)
    this.emit({ type: 'run-start', run, reason, files, name })
    let exitCode = 0
    let ended: WatchEvent | undefined
    try {
      const outcome = await migrate(
        { ...this.options, name },
        {
          ...this.context,
          // Prisma may ask questions (data loss); nobody can answer them here: it explains and stops instead.
          env: { ...this.context.env, CI: '1' },
          signal: this.controller.signal,
          report: (event) => this.emit({ type: 'run-progress', run, event }),
        },
      )
      this.lastSchema = schemaFiles
      ended = { type: 'run-done', run, outcome, durationMs: performance.now() - started }
    } catch (error) {
      exitCode = error instanceof ElectrifyError ? error.exitCode : 1
      if (!this.stopped) ended = { type: 'run-failed', run, error, durationMs: performance.now() - started }
    }
    // Whatever the run wrote (Prisma's migration, the injection, a removed empty migration) is now seen;
    // before the run is reported over, so that a change made once it is reported is never taken for its own.
    this.seen = { schema: hashes, migrations: await this.migrationFolders() }
    if (ended) this.emit(ended)
    return { exitCode }
  }

  private schemaIsFolder(): boolean {
    const { schemaFiles, schemaPath } = this.layout
    return !(schemaFiles.length === 1 && schemaFiles[0] === schemaPath)
  }

  /** The schema's files and a hash of each; a file or folder that is gone reads as empty. */
  private async readSchema(): Promise<{ files: SchemaFile[]; hashes: Map<string, string> }> {
    const paths = this.schemaIsFolder() ? await listSchemaFiles(this.layout.schemaPath).catch(() => []) : [this.layout.schemaPath]
    const files = await Promise.all(paths.map(async (p) => ({ path: p, content: await readFile(p, 'utf8').catch(() => '') })))
    return { files, hashes: new Map(files.map((f) => [f.path, createHash('sha1').update(f.content).digest('hex')])) }
  }

  private async migrationFolders(): Promise<string[]> {
    return (await listMigrations(this.layout.migrationsDir).catch(() => [])).map((m) => m.name)
  }
}

function isInside(folder: string, file: string): boolean {
  const relative = path.relative(folder, file)
  return relative !== '' && relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)
}
