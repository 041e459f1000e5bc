/**
 * A cache of what electrify computes from text that rarely changes: each migration's analysis and the
 * parsed schema, keyed by a hash of their text. A history of hundreds of migrations then costs reading
 * and hashing them plus one JSON.parse, instead of loading two WebAssembly parsers and parsing
 * everything again on every commit (`check`) or run (the one-shot, `watch`, `inject`, `deploy`,
 * `status`: every command that loads the project through load-project.ts with `cache`).
 *
 * A migration's entry is its statements in statement-codec.ts's form: positions as numbers, and only
 * the cut-down trees of the statements that can change tables (table-tree.ts); the text is the
 * migration's own, events and findings are derived again (analysis-of.ts). So the file stays smaller
 * than the SQL it describes, reading a stale one costs less than the parse it would have saved, and
 * an analysis read back is the one that was written. The file is gzipped: JSON of parse results and
 * of a parsed schema is several times the text it comes from; compressed it is a fraction of it.
 *
 * It lives in `node_modules/.cache/electrify/` of the project (where build tools keep theirs), only
 * when `node_modules` exists, and is only ever an accelerator: an entry is used only when the text
 * and electrify's own code (cache-file.ts's build stamp: its version, the mtimes of its modules, the
 * parsers' versions) are exactly those it was made from; a missing, stale or unreadable cache is
 * recomputed and rewritten. Only the entries of the last run are kept.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { analysedText, analysisOf } from '../migrations/analysis-of.js'
import type { AnalyzedMigration, MigrationSource } from '../migrations/analyze-migration.js'
import { buildStamp, cacheFileBase, writeCacheFile } from './cache-file.js'
import { decodeStatements, encodeStatements, type EncodedStatements } from '../sql/statement-codec.js'
import type { ParsedSchema, SchemaFile } from '../schema/types.js'

interface CacheFile {
  stamp: string
  schema?: { key: string; value: SerializedSchema }
  migrations: Record<string, EncodedStatements>
}

type SerializedSchema = Omit<ParsedSchema, 'blocks'> & { blocks: (Omit<ParsedSchema['blocks'][number], 'members'> & { members: [string, number][] })[] }

export class CheckCache {
  private readonly next: CacheFile
  private changed = false

  private constructor(
    private readonly file: string | undefined,
    private readonly previous: CacheFile,
  ) {
    this.next = { stamp: previous.stamp, migrations: {} }
  }

  /**
   * The project's cache (empty when it has none yet); `enabled: false` or no node_modules folder: a
   * cache that keeps nothing. One file per schema and migrations folder, so that projects sharing a
   * node_modules (workspaces, several schemas in one package) do not overwrite each other's.
   */
  static open(packageRoot: string, project: { schemaPath: string; migrationsDir: string }, enabled = true): CheckCache {
    const none = () => new CheckCache(undefined, { stamp: '', migrations: {} })
    if (!enabled) return none() // (before the build stamp, which walks the build)
    const stamp = buildStamp()
    const base = cacheFileBase(packageRoot, project)
    if (stamp === undefined || base === undefined) return none()
    const file = `${base}.json.gz`
    let previous: CacheFile = { stamp, migrations: {} }
    try {
      const read = JSON.parse(zlib().gunzipSync(readFileSync(file)).toString('utf8')) as CacheFile
      if (read.stamp === stamp && read.migrations && typeof read.migrations === 'object') previous = read
    } catch {
      // none yet, or unreadable: start afresh
    }
    return new CheckCache(file, previous)
  }

  /** The analysis of a migration with exactly this name, path and text, when cached. */
  getMigration(source: MigrationSource): AnalyzedMigration | undefined {
    if (!this.file) return undefined
    const key = this.keyOf(source)
    const entry = this.previous.migrations[key]
    if (entry === undefined) return undefined
    let analyzed
    try {
      analyzed = analysisOf(source, decodeStatements(analysedText(source.sql), entry))
    } catch {
      return undefined // damaged: computed again and replaced
    }
    this.next.migrations[key] = entry
    return analyzed
  }

  putMigration(source: MigrationSource, analyzed: AnalyzedMigration): AnalyzedMigration {
    if (this.file) {
      this.next.migrations[this.keyOf(source)] = encodeStatements(analyzed.statements)
      this.changed = true
    }
    return analyzed
  }

  private readonly keys = new WeakMap<MigrationSource, string>()

  private keyOf(source: MigrationSource): string {
    let key = this.keys.get(source)
    // The text alone: name and file are the source's own when an entry is read back.
    if (key === undefined) this.keys.set(source, (key = digest(source.sql).toString('base64url')))
    return key
  }

  schema(files: readonly SchemaFile[], parse: (files: readonly SchemaFile[]) => ParsedSchema): ParsedSchema {
    if (!this.file) return parse(files)
    const key = hash(...files.flatMap((f) => [f.path, f.content]))
    const cached = this.previous.schema
    if (cached?.key === key) {
      this.next.schema = cached
      return { ...cached.value, files: [...files], blocks: cached.value.blocks.map((b) => ({ ...b, members: new Map(b.members) })) }
    }
    const schema = parse(files) // an invalid schema throws: nothing is cached for it
    this.next.schema = { key, value: { ...schema, files: [], blocks: schema.blocks.map((b) => ({ ...b, members: [...b.members] })) } }
    this.changed = true
    return schema
  }

  /** Writes the cache when this run computed anything new or left entries unused. */
  async save(): Promise<void> {
    if (!this.file) return
    const dropped = Object.keys(this.previous.migrations).some((key) => !(key in this.next.migrations))
    const schemaDropped = this.previous.schema !== undefined && this.next.schema === undefined
    if (!this.changed && !dropped && !schemaDropped && this.previous.schema?.key === this.next.schema?.key) return
    await writeCacheFile(this.file, zlib().gzipSync(JSON.stringify(this.next)))
  }
}

function hash(...parts: string[]): string {
  return digest(...parts).toString('hex')
}

function digest(...parts: string[]): Buffer {
  const h = createHash('sha1')
  for (const part of parts) h.update(part).update('\0')
  return h.digest()
}

/** node:zlib when a cache file is read or written, not at every start (`check --no-cache` has none). */
function zlib(): typeof import('node:zlib') {
  return createRequire(import.meta.url)('node:zlib') as typeof import('node:zlib')
}
