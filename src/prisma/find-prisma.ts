/**
 * The project's own Prisma CLI: `node_modules/.bin/prisma` in the project or a folder above it
 * (workspaces hoist it), or the command given with `--prisma`. Never run through a shell.
 */
import { access, readFile } from 'node:fs/promises'
import path from 'node:path'
import { ElectrifyError } from '../errors.js'

export interface PrismaCommand {
  file: string
  /** Arguments that come before Prisma's own (e.g. the script path for `node cli.js`). */
  args: string[]
}

export async function findPrisma(projectRoot: string, override?: string): Promise<PrismaCommand> {
  if (override !== undefined) {
    const [file, ...args] = splitCommand(override)
    if (!file) throw new ElectrifyError('--prisma needs a command', { code: 'prisma/empty-command', exitCode: 2, hint: 'For example --prisma "npx prisma".' })
    return { file, args }
  }
  const binary = process.platform === 'win32' ? 'prisma.cmd' : 'prisma'
  for (let dir = path.resolve(projectRoot); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '.bin', binary)
    if (await access(candidate).then(() => true, () => false)) return { file: candidate, args: [] }
    if (path.dirname(dir) === dir) break
  }
  throw new ElectrifyError(`no Prisma CLI in node_modules/.bin of ${projectRoot} or a folder above it`, {
    code: 'prisma/not-found',
    hint: 'Install it in the project (npm install --save-dev prisma) or name the command with --prisma "<command>".',
  })
}

export interface PrismaVersion {
  /** As in its package.json, e.g. `6.19.3`. */
  version: string
  major: number
  /** The package.json it was read from. */
  file: string
}

/**
 * The version of the `prisma` package the project resolves, found as Node resolves it: in
 * `node_modules/prisma` of the project or the nearest folder above that has one. Undefined when there
 * is none, or its package.json has no readable version.
 */
export async function findPrismaVersion(projectRoot: string): Promise<PrismaVersion | undefined> {
  for (let dir = path.resolve(projectRoot); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'node_modules', 'prisma', 'package.json')
    const text = await readFile(file, 'utf8').catch(() => undefined)
    if (text !== undefined) {
      const version = versionOf(text)
      const major = Number(/^(\d+)\./.exec(version ?? '')?.[1])
      return version === undefined || !Number.isInteger(major) ? undefined : { version, major, file }
    }
    if (path.dirname(dir) === dir) return undefined
  }
}

function versionOf(packageJson: string): string | undefined {
  try {
    const version = (JSON.parse(packageJson) as { version?: unknown }).version
    return typeof version === 'string' ? version : undefined
  } catch {
    return undefined
  }
}

/** Splits a command line into words: whitespace separates, '…' and "…" group, \ escapes. */
export function splitCommand(command: string): string[] {
  const words: string[] = []
  let word: string | undefined
  let quote: '"' | "'" | undefined
  for (let i = 0; i < command.length; i++) {
    const c = command[i]
    if (quote) {
      if (c === quote) quote = undefined
      else if (c === '\\' && quote === '"' && i + 1 < command.length) word += command[++i]
      else word += c
    } else if (c === '"' || c === "'") {
      quote = c
      word ??= ''
    } else if (c === '\\' && i + 1 < command.length) {
      word = (word ?? '') + command[++i]
    } else if (/\s/.test(c)) {
      if (word !== undefined) words.push(word)
      word = undefined
    } else {
      word = (word ?? '') + c
    }
  }
  if (quote) throw new ElectrifyError(`unbalanced ${quote} in --prisma "${command}"`, { code: 'prisma/bad-command', exitCode: 2, hint: 'Close the quote.' })
  if (word !== undefined) words.push(word)
  return words
}
