/**
 * What is staged in git (the index): which files, and their content as they would be committed. Two
 * git processes whatever the number of files: `git ls-files --stage` lists them, one
 * `git cat-file --batch` reads every blob.
 */
import path from 'node:path'
import { git } from './run-git.js'

export interface StagedFile {
  /** Absolute path in the working tree. */
  path: string
  /** `100644`, `100755` (regular files), `120000` (symlink), `160000` (submodule). */
  mode: string
  /** The blob's object name. */
  object: string
}

/**
 * The stage-0 (merged) index entries under the given paths (files or folders, absolute or relative to
 * `cwd`). Paths are taken literally: no glob characters. Entries of an unfinished merge (stages 1-3)
 * are left out: git refuses to commit while they exist.
 */
export async function listStagedFiles(cwd: string, paths: readonly string[]): Promise<StagedFile[]> {
  if (paths.length === 0) return []
  const specs = paths.map((p) => path.relative(cwd, path.resolve(cwd, p)) || '.')
  const out = await git(['--literal-pathspecs', 'ls-files', '--stage', '-z', '--', ...specs], { cwd })
  const files: StagedFile[] = []
  for (const record of out.toString('utf8').split('\0')) {
    if (!record) continue
    // `<mode> SP <object> SP <stage> TAB <path>`
    const tab = record.indexOf('\t')
    const [mode, object, stage] = record.slice(0, tab).split(' ')
    if (stage !== '0') continue
    files.push({ path: path.resolve(cwd, record.slice(tab + 1)), mode: mode!, object: object! })
  }
  return files
}

/** Reads blobs by object name with one `git cat-file --batch`. */
export async function readBlobs(cwd: string, objects: readonly string[]): Promise<Map<string, Buffer>> {
  const blobs = new Map<string, Buffer>()
  const wanted = [...new Set(objects)]
  if (wanted.length === 0) return blobs
  const out = await git(['cat-file', '--batch'], { cwd, input: wanted.map((o) => `${o}\n`).join('') })
  let at = 0
  for (const object of wanted) {
    // `<object> SP <type> SP <size> LF <content> LF`, or `<object> SP missing LF`
    const newline = out.indexOf(0x0a, at)
    if (newline === -1) throw new Error(`git cat-file --batch: output ended before ${object}`)
    const header = out.subarray(at, newline).toString('utf8').split(' ')
    at = newline + 1
    if (header[1] === 'missing' || header.length < 3) throw new Error(`git cat-file --batch: object ${object} is missing`)
    const size = Number(header[2])
    blobs.set(object, out.subarray(at, at + size))
    at += size + 1
  }
  return blobs
}

/** Regular files only: a symlink's blob is its target path, a submodule has no blob here. */
export function isRegularFile(file: StagedFile): boolean {
  return file.mode === '100644' || file.mode === '100755'
}
