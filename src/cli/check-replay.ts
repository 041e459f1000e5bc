/**
 * A repeated `electrify check` answered from its last output. A pre-commit hook runs the same command
 * on every commit, and most commits touch neither the schema nor the migrations; the answer is then
 * the last one. bin/electrify.js asks `replayCheck` first, before loading the command line: it reads
 * the files the answer depends on (project-inputs.ts), and when they, the command line, where it runs,
 * the output's settings (terminal, colour) and electrify's build are all the same, it writes the last
 * run's output again, with this run's time, and exits with its code. Anything else, or anything it
 * cannot read, and the command runs as usual (which records its output again: `CheckRecorder`).
 *
 * Kept in `node_modules/.cache/electrify/` of the package electrify is started in (the nearest
 * package.json above the working directory), one file per working directory and command line. Not
 * with `--no-cache`. With `--staged`, git's index is one of the inputs (a `git ls-files`). Only a
 * check that ran to its answer (exit 0 or 1) is recorded, and only when nothing it depends on changed
 * while it ran.
 */
import { createHash } from 'node:crypto'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { cacheFolder, hasInstalledPackages } from '../fs/cache-folder.js'
import { buildStamp, writeCacheFile } from '../project/cache-file.js'
import { entryKindSync } from '../project/fs-entries.js'
import { probeDigest, projectProbes, type Probe } from '../project/project-inputs.js'
import type { Output } from '../run-context.js'
import type { CommandIo } from './common-options.js'

/** What decides the colours (report/colors.ts) and the rest of the output besides the command line. */
const OUTPUT_ENV = ['NO_COLOR', 'FORCE_COLOR', 'TERM', 'CI']

type Write = { to: 'stdout' | 'stderr'; text: string }

interface Recorded {
  key: string
  probes: Probe[]
  digest: string
  /** What git's HEAD held, when the answer depended on it (a fix that must not touch a committed migration). */
  head?: { migrationsDir: string; migrations: string[] }
  /** Everything written, in order; the summary's text is in `summary`. */
  writes: Write[]
  /** The summary (the last write to stdout): a JSON document, or a line around its duration. */
  summary: { at: number } & ({ json: string } | { before: string; after: string })
  exitCode: number
}

type Streams = Pick<CommandIo, 'stdout' | 'stderr' | 'env'>

/** The exit code of the last run's answer, written again; undefined when it does not hold (then run the command). */
export async function replayCheck(argv: readonly string[], io: Streams): Promise<number | undefined> {
  const started = performance.now()
  try {
    const slot = replaySlot(argv, io)
    if (slot === undefined) return undefined
    const recorded = JSON.parse(readFileSync(slot.file, 'utf8')) as Recorded
    if (recorded.key !== slot.key || probeDigest(recorded.probes) !== recorded.digest) return undefined
    if (recorded.head && !(await sameHead(recorded.head))) return undefined
    const durationMs = performance.now() - started
    recorded.writes.forEach((write, i) => io[write.to].write(i === recorded.summary.at ? summaryText(recorded.summary, durationMs) : write.text))
    return recorded.exitCode
  } catch {
    return undefined // none yet, unreadable, or a file that cannot be read: the command says what is wrong
  }
}

/**
 * Records what a check writes, to answer the same check again (replayCheck). `start` before the check
 * runs, with the project's layout; the command then writes through `io`, and `finish` keeps the output
 * when the check answered and nothing it depends on changed meanwhile.
 */
export class CheckRecorder {
  private readonly writes: Write[] = []
  private head: Recorded['head']
  readonly io: CommandIo

  private constructor(
    io: CommandIo,
    private readonly slot: { file: string; key: string },
    private readonly probes: Probe[],
    private readonly digest: string,
  ) {
    this.io = { ...io, stdout: this.tee('stdout', io.stdout), stderr: this.tee('stderr', io.stderr) }
  }

  /** undefined when the check cannot be replayed (see the module's comment) or its project cannot be found (the check will say why). */
  static async start(argv: readonly string[], io: CommandIo, project: { cwd: string; schema?: string; staged?: boolean }): Promise<CheckRecorder | undefined> {
    try {
      const slot = replaySlot(argv, io)
      if (slot === undefined) return undefined
      const { findProject } = await import('../project/find-project.js')
      const probes = projectProbes(await findProject(project), { staged: project.staged })
      return new CheckRecorder(io, slot, probes, probeDigest(probes))
    } catch {
      return undefined
    }
  }

  /** Wraps the check's `headMigrations` question to keep git's answer with the output. */
  readonly headMigrations = async (migrationsDir: string): Promise<ReadonlySet<string>> => {
    const { committedMigrations } = await import('../git/committed-migrations.js')
    const migrations = await committedMigrations(migrationsDir)
    this.head = { migrationsDir, migrations: [...migrations].sort() }
    return migrations
  }

  /** Keeps the output of a check that answered (exit 0 or 1) in `durationMs`, when its inputs are still those it read. */
  async finish(exitCode: number, durationMs: number, json: boolean): Promise<void> {
    const last = this.writes.findLastIndex((w) => w.to === 'stdout')
    if ((exitCode !== 0 && exitCode !== 1) || last === -1) return
    const text = this.writes[last]!.text
    // The human summary ends with `(<duration> ms)` (report/human.ts), in brackets, so that 17 is not found in 117.
    const duration = `(${Math.round(durationMs)} ms)`
    const at = text.lastIndexOf(duration)
    if (!json && at === -1) return
    const summary = json ? { at: last, json: text } : { at: last, before: text.slice(0, at + 1), after: text.slice(at + duration.length - 1) }
    try {
      if (probeDigest(this.probes) !== this.digest) return // something changed while the check ran
      const recorded: Recorded = { key: this.slot.key, probes: this.probes, digest: this.digest, ...(this.head ? { head: this.head } : {}), writes: this.writes.map((w, i) => (i === last ? { to: w.to, text: '' } : w)), summary, exitCode }
      if (await writeCacheFile(this.slot.file, JSON.stringify(recorded))) await keepNewest(path.dirname(this.slot.file))
    } catch {
      // a read-only node_modules, or a file that became unreadable: only the next check is not faster
    }
  }

  private tee(to: Write['to'], stream: Output): Output {
    const writes = this.writes
    return new Proxy(stream, {
      get(target, property, receiver) {
        if (property !== 'write') return Reflect.get(target, property, receiver) as unknown
        return (text: string | Uint8Array, ...rest: unknown[]) => {
          writes.push({ to, text: typeof text === 'string' ? text : Buffer.from(text).toString('utf8') })
          return (target.write as (...args: unknown[]) => boolean).call(target, text, ...rest)
        }
      },
    })
  }
}

/** Where the last output of this command line, run here, is kept, and the key that says it is the same. */
function replaySlot(argv: readonly string[], io: Streams): { file: string; key: string } | undefined {
  const args = argv.slice(2)
  const end = args.indexOf('--')
  const options = end === -1 ? args : args.slice(0, end)
  if (args[0] !== 'check' || options.includes('--no-cache')) return undefined
  const cwd = process.cwd()
  const packageRoot = nearestPackageRoot(cwd)
  if (packageRoot === undefined || !hasInstalledPackages(packageRoot)) return undefined
  const stamp = buildStamp()
  if (stamp === undefined) return undefined
  const place = JSON.stringify([cwd, args])
  const settings = [stamp, process.version, place, OUTPUT_ENV.map((name) => io.env[name] ?? null), Boolean(io.stdout.isTTY), Boolean(io.stderr.isTTY)]
  const key = createHash('sha1').update(JSON.stringify(settings)).digest('hex')
  return { file: path.join(cacheFolder(packageRoot), `replay-${createHash('sha1').update(place).digest('hex').slice(0, 16)}.json`), key }
}

function nearestPackageRoot(from: string): string | undefined {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (entryKindSync(path.join(dir, 'package.json')) === 'file') return dir
    if (path.dirname(dir) === dir) return undefined
  }
}

async function sameHead(head: NonNullable<Recorded['head']>): Promise<boolean> {
  // Loaded only here: git is asked only when the answer depended on it.
  const now = (await import('../git/committed-migrations.js')).committedMigrationsSync(head.migrationsDir)
  return now !== undefined && now.size === head.migrations.length && head.migrations.every((name) => now.has(name))
}

/** The summary with this run's duration. */
function summaryText(summary: Recorded['summary'], durationMs: number): string {
  if ('before' in summary) return `${summary.before}${Math.round(durationMs)} ms${summary.after}`
  const document = JSON.parse(summary.json) as Record<string, unknown>
  // Nothing was read or checked but the inputs: all of it is reading.
  const timingsMs = { project: 0, read: durationMs, schema: 0, history: 0, checks: 0, cache: 0 }
  return `${JSON.stringify({ ...document, durationMs, timingsMs }, null, 2)}\n`
}

/** Kept outputs a package keeps: one per command line and folder in use; beyond that the oldest go. */
const KEPT_OUTPUTS = 16

async function keepNewest(folder: string): Promise<void> {
  const { readdir, rm, stat } = await import('node:fs/promises')
  const files = (await readdir(folder)).filter((name) => name.startsWith('replay-') && name.endsWith('.json')).map((name) => path.join(folder, name))
  if (files.length <= KEPT_OUTPUTS) return
  const dated = await Promise.all(files.map(async (file) => ({ file, at: (await stat(file).catch(() => undefined))?.mtimeMs ?? 0 })))
  dated.sort((a, b) => b.at - a.at)
  await Promise.all(dated.slice(KEPT_OUTPUTS).map(({ file }) => rm(file, { force: true })))
}
