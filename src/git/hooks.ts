/** Where a repository's pre-commit hook lives: husky's `.husky/pre-commit`, or git's own hooks folder. */
import { stat } from 'node:fs/promises'
import path from 'node:path'
import { git } from './run-git.js'

export interface HookLocation {
  /** The working tree's top folder (hooks run there). */
  root: string
  /** `husky` when the project uses husky, else `git` (`.git/hooks`, or `core.hooksPath`). */
  kind: 'husky' | 'git'
  /** The pre-commit hook file to write. */
  file: string
  /** husky 4-8 want a header line that sources `_/husky.sh` (husky 9 does not). */
  huskyLegacyHeader?: boolean
}

export async function findPreCommitHook(cwd: string): Promise<HookLocation> {
  const [root, hooks] = (await git(['rev-parse', '--show-toplevel', '--git-path', 'hooks'], { cwd })).toString('utf8').trim().split('\n')
  const hooksDir = path.resolve(cwd, hooks!)
  const husky = await huskyFolder(root!, hooksDir)
  if (husky) {
    const legacy = await isFile(path.join(husky, '_', 'husky.sh'))
    return { root: root!, kind: 'husky', file: path.join(husky, 'pre-commit'), huskyLegacyHeader: legacy }
  }
  return { root: root!, kind: 'git', file: path.join(hooksDir, 'pre-commit') }
}

/**
 * husky 9 sets `core.hooksPath` to `.husky/_`, husky 5-8 to `.husky`; a clone where `npm install` has
 * not run yet has only the `.husky/` folder at the top.
 */
async function huskyFolder(root: string, hooksDir: string): Promise<string | undefined> {
  if (path.basename(hooksDir) === '_' && path.basename(path.dirname(hooksDir)) === '.husky') return path.dirname(hooksDir)
  if (path.basename(hooksDir) === '.husky') return hooksDir
  const atRoot = path.join(root, '.husky')
  return (await isDirectory(atRoot)) ? atRoot : undefined
}

async function isDirectory(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isDirectory(), () => false)
}

async function isFile(p: string): Promise<boolean> {
  return stat(p).then((s) => s.isFile(), () => false)
}
