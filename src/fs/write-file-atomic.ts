/**
 * Replaces a file so that readers (and a crash) see either the old or the new content, never a mix:
 * write a temporary file beside it, flush it to disk, then rename it over the original.
 *
 * What a plain rename would lose is kept: a symbolic link stays a link and its target gets the new
 * content (written atomically beside the target), and the file keeps its owner, group and mode (run as
 * root, a user's 0640 file stays the user's 0640 file). A read-only file is refused, not replaced. The
 * hidden temporary file never outlives the write: it is removed when the write fails or the process
 * exits, and leftovers of a write that was killed (`.<name>.electrify-*.tmp`) are removed the next time
 * that file is written.
 */
import { randomBytes } from 'node:crypto'
import { rmSync } from 'node:fs'
import { access, constants, lstat, open, readdir, readlink, rename, rm, stat, type FileHandle } from 'node:fs/promises'
import path from 'node:path'
import { ElectrifyError } from '../errors.js'
import { isRunning } from './is-running.js'

export async function writeFileAtomic(file: string, data: Uint8Array | string): Promise<void> {
  const target = await followLinks(file)
  const dir = path.dirname(target)
  const name = path.basename(target)
  await removeLeftovers(dir, name)
  const original = await stat(target).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return undefined
    throw error
  })
  if (original) await refuseReadOnly(file, target, original.mode)

  // The process id in the name tells a later write whether the writer is gone (see removeLeftovers).
  const temp = path.join(dir, `.${name}.electrify-${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
  inFlight.add(temp)
  removeOnExit()
  try {
    // A new file gets the usual mode (0666 less the umask); a replacement is 0600 until its content is
    // complete and its owner is the original's, then gets the original's mode.
    const handle = await open(temp, 'wx', original ? 0o600 : 0o666).catch((error: NodeJS.ErrnoException) => {
      throw notWritable(file, dir, error)
    })
    try {
      await handle.writeFile(data)
      if (original) await keepOwnerAndMode(handle, original, file)
      await handle.sync()
    } finally {
      await handle.close()
    }
    await rename(temp, target)
  } catch (error) {
    await rm(temp, { force: true })
    throw error
  } finally {
    inFlight.delete(temp)
  }
}

/** The file a path finally names, through any chain of symbolic links (also to a file not created yet). */
async function followLinks(file: string): Promise<string> {
  let current = path.resolve(file)
  for (let hops = 0; hops < 40; hops++) {
    const info = await lstat(current).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined
      throw error
    })
    if (!info?.isSymbolicLink()) return current
    current = path.resolve(path.dirname(current), await readlink(current))
  }
  throw new ElectrifyError(`cannot write ${file}: too many levels of symbolic links`, {
    code: 'fs/symlink-loop',
    file,
    hint: 'Point the link at a real file (`ls -l` shows where each link goes), then run electrify again.',
  })
}

/** Temp files of earlier writes of `name` whose writer is gone (killed, or a crash before any cleanup). */
async function removeLeftovers(dir: string, name: string): Promise<void> {
  const prefix = `.${name}.electrify-`
  const entries = await readdir(dir).catch(() => [] as string[])
  for (const entry of entries) {
    if (!entry.startsWith(prefix) || !entry.endsWith('.tmp')) continue
    const pid = /^(\d+)-[0-9a-f]+\.tmp$/.exec(entry.slice(prefix.length))?.[1]
    const writer = pid === undefined ? undefined : Number(pid) // none: an older version's name, long gone
    const leftover = path.join(dir, entry)
    // Kept: a write in progress, in this process or in another one that still runs.
    if (writer === process.pid ? inFlight.has(leftover) : writer !== undefined && isRunning(writer)) continue
    await rm(leftover, { force: true })
  }
}

/**
 * A rename replaces a file whatever its permissions (only the folder's count), so a read-only file
 * would be overwritten silently, also by root, who may write anything. Refused instead: the user
 * made it read-only for a reason.
 */
async function refuseReadOnly(file: string, target: string, mode: number): Promise<void> {
  const shown = target === path.resolve(file) ? file : `${file} (a link to ${target})`
  const octal = (mode & 0o7777).toString(8).padStart(4, '0')
  if ((mode & 0o222) === 0) {
    throw new ElectrifyError(`${shown} is read-only (mode ${octal}); electrify does not replace read-only files`, {
      code: 'fs/read-only',
      file,
      hint: `Make it writable (chmod u+w ${JSON.stringify(target)}) and run electrify again, or leave it unchanged.`,
    })
  }
  try {
    await access(target, constants.W_OK)
  } catch {
    throw new ElectrifyError(`${shown} is not writable by you (mode ${octal}); electrify does not replace files you cannot write`, {
      code: 'fs/read-only',
      file,
      hint: `Run electrify as the file's owner, or make it writable for you, then run it again.`,
    })
  }
}

async function keepOwnerAndMode(handle: FileHandle, original: { uid: number; gid: number; mode: number }, file: string): Promise<void> {
  const temp = await handle.stat()
  if (temp.uid !== original.uid || temp.gid !== original.gid) {
    try {
      await handle.chown(original.uid, original.gid)
    } catch (error) {
      throw new ElectrifyError(`cannot write ${file} without changing its owner (uid ${original.uid}, gid ${original.gid}): ${(error as Error).message}`, {
        code: 'fs/cannot-keep-owner',
        file,
        hint: "Run electrify as the file's owner (or as root), then run it again.",
        cause: error,
      })
    }
  }
  // After chown, which clears set-user-id and set-group-id bits.
  await handle.chmod(original.mode & 0o7777)
}

function notWritable(file: string, dir: string, error: NodeJS.ErrnoException): Error {
  if (error.code !== 'EACCES' && error.code !== 'EPERM' && error.code !== 'EROFS') return error
  return new ElectrifyError(`cannot write ${file}: the folder ${dir} is not writable (${error.code})`, {
    code: 'fs/read-only',
    file,
    hint: 'electrify writes a temporary file beside the file and renames it over it: make the folder writable, then run electrify again.',
    cause: error,
  })
}

/** Temp files being written right now, removed if the process exits first (Ctrl-C twice, process.exit). */
const inFlight = new Set<string>()
let exitHook = false

function removeOnExit(): void {
  if (exitHook) return
  exitHook = true
  process.on('exit', () => {
    for (const temp of inFlight) rmSync(temp, { force: true })
  })
}
