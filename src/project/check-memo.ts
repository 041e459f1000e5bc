/**
 * The last check's outcome, kept beside the check's cache (check-cache.ts) under a key made of all it
 * was computed from: electrify's code (the version and the mtime of every module of its build), the
 * options, where the project is, and the text of its schema and migrations. A check whose inputs are
 * all the same returns it without opening the cache, parsing anything or running a rule; in a
 * pre-commit hook that is every commit that touches neither the schema nor the migrations.
 *
 * An outcome whose fixes asked git which migrations HEAD holds is kept with that answer, and holds
 * only while git still gives it (`asked`); one that also read the working tree (`--staged`) is not
 * kept. Like the cache, the memo is only ever an accelerator: unreadable, of other code or of other
 * inputs, it is ignored and written again.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import { buildStamp, writeCacheFile } from './cache-file.js'
import type { ReadProject } from './read-project.js'

export class CheckMemo<T> {
  private constructor(
    private readonly file: string | undefined,
    readonly key: string,
  ) {}

  /** `inputs`: the options and anything else the outcome depends on beyond the project's files. */
  static of<T>(project: ReadProject, cacheBase: string | undefined, inputs: unknown): CheckMemo<T> {
    // (the build stamp, which walks the build, only when there is a file to keep it in)
    const stamp = cacheBase === undefined ? undefined : buildStamp()
    if (cacheBase === undefined || stamp === undefined) return new CheckMemo<T>(undefined, '')
    const h = createHash('sha1')
    const { layout, sources } = project
    h.update(stamp).update('\0').update(JSON.stringify({ inputs, layout, source: sources.source, findings: sources.findings })).update('\0')
    for (const f of sources.schemaFiles) h.update(f.path).update('\0').update(f.content).update('\0')
    for (const m of sources.migrations) h.update(m.name).update('\0').update(m.file).update('\0').update(m.sql).update('\0')
    return new CheckMemo<T>(`${cacheBase}.outcome.json`, h.digest('hex'))
  }

  /** The outcome kept for exactly these inputs, if any, and what it asked git (`committed`: the migrations HEAD held). */
  read(): { outcome: T; committed?: string[] } | undefined {
    if (!this.file) return undefined
    try {
      const kept = JSON.parse(readFileSync(this.file, 'utf8')) as { key?: unknown; outcome?: T; committed?: string[] }
      if (kept.key !== this.key || kept.outcome === undefined) return undefined
      return Array.isArray(kept.committed) ? { outcome: kept.outcome, committed: kept.committed } : { outcome: kept.outcome }
    } catch {
      return undefined // none yet, or unreadable
    }
  }

  /** Keeps `outcome` for these inputs (cache-file.ts's writeCacheFile: a reader never sees half of it). */
  async write(outcome: T, committed?: ReadonlySet<string>): Promise<void> {
    if (!this.file) return
    await writeCacheFile(this.file, JSON.stringify({ key: this.key, outcome, ...(committed ? { committed: [...committed].sort() } : {}) }))
  }
}
