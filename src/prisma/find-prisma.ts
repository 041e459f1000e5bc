/**
 * The project's own Prisma CLI: `node_modules/.bin/prisma` in the project or a folder above it
 * (workspaces hoist it), or the command given with `--prisma`. Never run through a shell. The installed
 * Prisma must be one electrify supports (5, 6, 7): the proxy routing and Prisma's output differ between
 * majors, and a run with another one would fail halfway, or worse.
 */
import { access, readFile } from 'node:fs/promises'
import path from 'node:path'
import { ElectrifyError } from '../errors.js'
import { addDevDependencyCommand, detectPackageManager } from '../project/package-manager.js'

export interface PrismaCommand {
  file: string
  /** Arguments that come before Prisma's own (e.g. the script path for `node cli.js`). */
  args: string[]
  /** The installed Prisma's version, when it could be read (not looked for with `--prisma`). */
  version?: PrismaVersion
}

/** The Prisma majors electrify is built and tested for. */
export const SUPPORTED_PRISMA_MAJORS: readonly number[] = [5, 6, 7]

export async function findPrisma(projectRoot: string, override?: string): Promise<PrismaCommand> {
  if (override !== undefined) {
    const [file, ...args] = splitCommand(override)
    if (!file) throw new ElectrifyError('--prisma needs a command', { code: 'prisma/empty-command', exitCode: 2, hint: 'For example --prisma "npx prisma".' })
    return { file, args }
  }
  const binary = process.platform === 'win32' ? 'prisma.cmd' : 'prisma'
  for (let dir = path.resolve(projectRoot); ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'node_modules', '.bin', binary)
    if (await access(candidate).then(() => true, () => false)) {
      const version = await findPrismaVersion(projectRoot)
      if (version) await refuseUnsupported(version, projectRoot)
      return { file: candidate, args: [], ...(version ? { version } : {}) }
    }
    if (path.dirname(dir) === dir) break
  }
  const install = addDevDependencyCommand(await detectPackageManager(projectRoot), 'prisma')
  throw new ElectrifyError(`no Prisma CLI in node_modules/.bin of ${projectRoot} or a folder above it`, {
    code: 'prisma/not-found',
    hint: `Install it in the project (\`${install}\`) or name the command with --prisma "<command>".`,
  })
}

async function refuseUnsupported(version: PrismaVersion, projectRoot: string): Promise<void> {
  if (SUPPORTED_PRISMA_MAJORS.includes(version.major)) return
  const supported = `${SUPPORTED_PRISMA_MAJORS.slice(0, -1).join(', ')} and ${SUPPORTED_PRISMA_MAJORS.at(-1)}`
  const newest = SUPPORTED_PRISMA_MAJORS.at(-1)!
  const upgrade = version.major < SUPPORTED_PRISMA_MAJORS[0]!
  const install = addDevDependencyCommand(await detectPackageManager(projectRoot), `prisma@${upgrade ? 6 : newest}`)
  throw new ElectrifyError(`the project uses Prisma ${version.version}, which electrify does not support (it supports Prisma ${supported})`, {
    code: 'prisma/unsupported-version',
    file: version.file,
    hint: upgrade
      ? `Upgrade the project's Prisma (\`${install}\`, and @prisma/client to the same version), then run electrify again.`
      : `This electrify predates Prisma ${version.major}: update electrify, or use Prisma ${newest} in the project (\`${install}\`).`,
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
