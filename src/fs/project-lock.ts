/**
 * One electrify run at a time per project: two runs at once would both see the same tables still to
 * electrify and both write their ENABLE statements.
 *
 * The lock is proper-lockfile's: a directory created atomically (`mkdir`), whose mtime the holder
 * refreshes every few seconds. A holder that was killed stops refreshing, and its lock is taken over
 * once it is older than `staleMs`; a holder that exits in any other way (also Ctrl-C) removes it.
 * Beside it a small JSON file says who holds it (pid, command, since when), for the run that waits.
 * Both live in the project's `node_modules/.cache/electrify/` (cache-folder.ts), named after the
 * project's folder: projects that share a node_modules (a workspace, a linked one) have a lock each.
 */
import { mkdir, readFile, rm } from 'node:fs/promises'
import { rmSync, realpathSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import lockfile from 'proper-lockfile'
import { ElectrifyError } from '../errors.js'
import { redactUrl } from '../proxy/redact-url.js'
import { cacheFolder, fileKey } from './cache-folder.js'
import { isRunning } from './is-running.js'
import { describeHolder, type LockHolder } from './lock-holder.js'
import { writeFileAtomic } from './write-file-atomic.js'

export { describeHolder, type LockHolder } from './lock-holder.js'

export interface ProjectLockOptions {
  /** Wait for the run that holds the lock to finish (the default), or fail at once with `project/locked`. */
  wait?: boolean
  /**
   * Called before waiting, and again when the holder changes; `undefined` when the holder has not
   * written who it is yet. A holder that is gone (killed) is waited for even without `wait`, only
   * until its lock goes stale.
   */
  onWaiting?: (holder: LockHolder | undefined) => void
  /** What this run is, for a run that waits: by default `electrify` and this process's arguments. */
  command?: string
  /** How long a lock whose holder stopped refreshing it is trusted (milliseconds, at least 2000). */
  staleMs?: number
  /**
   * Called if the lock was lost while `fn` ran (the holder could not refresh it in time, or its folder
   * went). `fn` runs on, but withProjectLock then fails with `project/lock-failed`.
   */
  onLost?: (error: Error) => void
}

const STALE_MS = 10_000
const POLL_MS = 250

/** Locks held by this process, by project: a run may take its project's lock again (re-entrant). */
const held = new Map<string, number>()

/** Runs `fn` while holding the lock of the project in `projectDir` (its root folder). */
export async function withProjectLock<T>(projectDir: string, options: ProjectLockOptions, fn: () => Promise<T>): Promise<T> {
  const root = realpathSync(projectDir)
  const count = held.get(root)
  if (count !== undefined) {
    held.set(root, count + 1)
    try {
      return await fn()
    } finally {
      held.set(root, held.get(root)! - 1)
    }
  }

  const files = projectLockFiles(root)
  let lost: Error | undefined
  const onLost = (error: Error) => {
    lost ??= error
    options.onLost?.(error)
  }
  const release = await acquire(root, files, { ...options, onLost })
  held.set(root, 1)
  let result: T
  try {
    result = await fn()
  } finally {
    held.delete(root)
    forgetOnExit(files.owner)
    // A lost lock may be another run's by now, and so is the file saying who holds it.
    if (!lost) await rm(files.owner, { force: true })
    await release().catch(() => {}) // already gone: compromised
  }
  // The run went on without the lock: another one may have changed the project meanwhile. Not a success.
  if (lost) {
    throw new ElectrifyError(`the project's lock was lost while electrify ran (${lost.message}); another run may have changed the project at the same time`, {
      code: 'project/lock-failed',
      file: root,
      hint: 'Look at the migrations (`git status`, `electrify check`) for anything written twice, then run electrify again. A lock is lost when its holder cannot refresh it for 10 seconds (a suspended process, an overloaded machine).',
      cause: lost,
    })
  }
  return result
}

/** The lock's directory and the file saying who holds it, for the project in `projectDir`. */
export function projectLockFiles(projectDir: string): { dir: string; lock: string; owner: string } {
  const root = realpathSync(projectDir)
  const dir = cacheFolder(root)
  const name = `project-${fileKey(root)}.lock`
  return { dir, lock: path.join(dir, name), owner: path.join(dir, `${name}.json`) }
}

async function acquire(root: string, files: ReturnType<typeof projectLockFiles>, options: ProjectLockOptions): Promise<() => Promise<void>> {
  try {
    await mkdir(files.dir, { recursive: true })
  } catch (error) {
    throw new ElectrifyError(`cannot create ${files.dir} for the project's lock: ${(error as Error).message}`, {
      code: 'project/lock-failed',
      file: files.dir,
      hint: 'electrify keeps its lock in node_modules/.cache/electrify/ of the project: make that folder writable, then run it again.',
      cause: error,
    })
  }
  const stale = Math.max(options.staleMs ?? STALE_MS, 2000)
  let shown: string | undefined
  for (;;) {
    try {
      const release = await lockfile.lock(root, {
        lockfilePath: files.lock,
        realpath: false,
        stale,
        onCompromised: (error) => options.onLost?.(error),
      })
      const owner: Omit<LockHolder, 'running'> = { pid: process.pid, hostname: os.hostname(), command: options.command ?? thisCommand(), since: new Date().toISOString() }
      removeOnExit(files.owner)
      await writeFileAtomic(files.owner, `${JSON.stringify(owner)}\n`)
      return release
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ELOCKED') throw error
    }
    const holder = await readHolder(files.owner)
    if (options.wait === false && holder?.running !== false) {
      throw new ElectrifyError(`another electrify run is changing this project: ${describeHolder(holder)}`, {
        code: 'project/locked',
        file: root,
        hint: 'Wait for it to finish and run electrify again, or stop that process if it hangs.',
      })
    }
    const key = JSON.stringify(holder)
    if (key !== shown) {
      shown = key
      options.onWaiting?.(holder)
    }
    await sleep(POLL_MS)
  }
}

async function readHolder(file: string): Promise<LockHolder | undefined> {
  try {
    const owner = JSON.parse(await readFile(file, 'utf8')) as Omit<LockHolder, 'running'>
    if (typeof owner.pid !== 'number' || typeof owner.command !== 'string') return undefined
    return { ...owner, running: owner.hostname !== os.hostname() || isRunning(owner.pid) }
  } catch {
    return undefined // not written yet, or being replaced
  }
}

/** `electrify <args>`, with the password of any URL among them hidden. */
function thisCommand(): string {
  return ['electrify', ...process.argv.slice(2).map((arg) => (arg.includes('://') ? redactUrl(arg) : arg))].join(' ')
}

// proper-lockfile removes its lock directory when the process exits; the owner file goes with it.
const ownerFiles = new Set<string>()
let exitHook = false

function removeOnExit(file: string): void {
  ownerFiles.add(file)
  if (exitHook) return
  exitHook = true
  process.on('exit', () => {
    for (const owner of ownerFiles) rmSync(owner, { force: true })
  })
}

function forgetOnExit(file: string): void {
  ownerFiles.delete(file)
}
