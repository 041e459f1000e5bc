/**
 * The project's own package manager, and the command lines electrify prints or writes with it: how to
 * run the electrify installed in the project (in hooks and fix commands) and how to add a package.
 *
 * Detection is package-manager-detector's: the nearest lockfile (`pnpm-lock.yaml`, `yarn.lock`,
 * `bun.lock`, `package-lock.json`, …) at or above the project, then package.json's `packageManager`.
 * Its own "execute-local" commands are not used: `npx` and `bun x` download a package that is not
 * installed, and the npm name `electrify` is an unrelated package. Each form below was checked to fail
 * instead of fetching, and to find a bin installed in the project folder or hoisted to a workspace root.
 */
import path from 'node:path'
import { resolveCommand } from 'package-manager-detector/commands'
import { detect } from 'package-manager-detector/detect'
import { shellQuote } from '../report/shell-quote.js'

export type PackageManagerName = 'npm' | 'pnpm' | 'yarn' | 'bun'

export interface PackageManager {
  name: PackageManagerName
  /** package-manager-detector's agent (`yarn@berry`, `pnpm@6`, …), for its install commands. */
  agent: 'npm' | 'pnpm' | 'pnpm@6' | 'yarn' | 'yarn@berry' | 'bun'
}

const NPM: PackageManager = { name: 'npm', agent: 'npm' }

/**
 * The package manager of the project in `dir`, looking up to `stopAt` (a repository's top folder: a
 * lockfile above it is not the project's); npm when nothing says, and for the managers electrify has no
 * command forms for (deno, …).
 */
export async function detectPackageManager(dir: string, stopAt?: string): Promise<PackageManager> {
  const found = await detect({ cwd: dir, ...(stopAt === undefined ? {} : { stopDir: stopAt }) })
  switch (found?.agent) {
    case 'pnpm':
    case 'pnpm@6':
    case 'yarn':
    case 'yarn@berry':
    case 'bun':
      return { name: found.name as PackageManagerName, agent: found.agent }
    case 'pnpm-rush':
      return { name: 'pnpm', agent: 'pnpm' }
    default:
      return NPM
  }
}

/**
 * The words that run the project's installed `electrify <args>` when started in folder `from`, for the
 * project in folder `project`: never a download, and working when the bin is in the project's own
 * node_modules (a non-hoisted install) as well as when it is hoisted to a workspace root.
 *
 * - npm: `npx --no -- electrify` (`--` keeps npx from reading electrify's flags); from another folder
 *   `npm exec --prefix <project> --no -- electrify … --cwd <project>`: `--prefix` says where the bin is,
 *   the command still runs in `from`, so electrify is told the project folder.
 * - pnpm `pnpm --dir <project> exec electrify`, yarn (1 and berry) `yarn --cwd <project> electrify`,
 *   bun `bunx --no-install --cwd <project> electrify`: these run the command in the project folder.
 */
export function electrifyWords(pm: PackageManager, where: { from: string; project: string }, args: readonly string[]): string[] {
  const { before, after } = electrifyInvocation(pm, where)
  return [...before, ...args, ...after]
}

/** electrifyWords in two parts: the words before electrify's arguments, and those after them (npm's `--cwd <project>`). */
export function electrifyInvocation(pm: PackageManager, where: { from: string; project: string }): { before: string[]; after: string[] } {
  // Relative to where the command runs, unless it is outside that folder (then as given: absolute).
  const fromThere = path.relative(where.from, where.project)
  const relative = fromThere.startsWith('..') ? where.project : fromThere.split(path.sep).join('/')
  const here = relative === ''
  switch (pm.name) {
    case 'npm':
      return here ? { before: ['npx', '--no', '--', 'electrify'], after: [] } : { before: ['npm', 'exec', '--prefix', relative, '--no', '--', 'electrify'], after: ['--cwd', relative] }
    case 'pnpm':
      return { before: [...(here ? ['pnpm'] : ['pnpm', '--dir', relative]), 'exec', 'electrify'], after: [] }
    case 'yarn':
      return { before: [...(here ? ['yarn'] : ['yarn', '--cwd', relative]), 'electrify'], after: [] }
    case 'bun':
      return { before: [...(here ? ['bunx', '--no-install'] : ['bunx', '--no-install', '--cwd', relative]), 'electrify'], after: [] }
  }
}

/** `electrifyWords` as one shell command line. */
export function electrifyCommand(pm: PackageManager, where: { from: string; project: string }, args: readonly string[]): string {
  return commandLine(electrifyWords(pm, where, args))
}

/** The command that adds a development dependency: `npm i -D prisma`, `pnpm add -D prisma`, … */
export function addDevDependencyCommand(pm: PackageManager, ...packages: string[]): string {
  const resolved = resolveCommand(pm.agent, 'add', ['-D', ...packages])!
  return commandLine([resolved.command, ...resolved.args])
}

export function commandLine(words: readonly string[]): string {
  return words.map(shellQuote).join(' ')
}

/**
 * How a fix command printed by a command running for the project in `project` runs electrify: the
 * project's package manager, from the folder electrify was started in, `--schema` passed on.
 */
export async function fixCommandParts(project: string, schema?: string): Promise<{ runner: string[]; fixArgs: string[] }> {
  const { before, after } = electrifyInvocation(await detectPackageManager(project), { from: process.cwd(), project })
  return { runner: before, fixArgs: [...after, ...(schema === undefined ? [] : ['--schema', schema])] }
}
