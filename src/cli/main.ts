/**
 * The `electrify` command line: parses arguments with commander and hands each command to its
 * module. Exit codes: 0 done or nothing to do, 1 failure, 2 usage error, 130 interrupted.
 */
import { createRequire } from 'node:module'
import path from 'node:path'
import { Command, CommanderError } from 'commander'
import { Reporter } from '../report/reporter.js'
import type { CommandIo } from './common-options.js'
import { usageError } from './usage.js'

export interface RegisterOptions {
  /** `electrify` without a command runs this one (migrate), unless the first word is a mistyped command. */
  isDefault: boolean
  /** The command line, as main got it. */
  argv: readonly string[]
  /** Record what `check` prints, to answer the same check again from it (bin/electrify.js; check-replay.ts). */
  replay: boolean
}

type Register = (program: Command, io: CommandIo, setExitCode: (code: number) => void, options: RegisterOptions) => void

/**
 * Each command's module, imported only when needed: `electrify check` in a pre-commit hook must not
 * pay for the one-shot pipeline (migrate) or chokidar (watch). In help order.
 */
const COMMANDS: Record<string, () => Promise<Register>> = {
  migrate: async () => (await import('./migrate-cli.js')).registerMigrate,
  inject: async () => (await import('./inject-cli.js')).registerInject,
  check: async () => (await import('./check-cli.js')).registerCheck,
  deploy: async () => (await import('./deploy-cli.js')).registerDeploy,
  status: async () => (await import('./status-cli.js')).registerStatus,
  watch: async () => (await import('./watch-cli.js')).registerWatch,
  hook: async () => (await import('./hook-cli.js')).registerHook,
}

export type CliIo = Partial<CommandIo>

export interface MainOptions {
  /** See RegisterOptions.replay; bin/electrify.js sets it. */
  replay?: boolean
}

export async function main(argv: readonly string[], io: CliIo = {}, options: MainOptions = {}): Promise<number> {
  const commandIo: CommandIo = { stdin: io.stdin ?? process.stdin, stdout: io.stdout ?? process.stdout, stderr: io.stderr ?? process.stderr, env: io.env ?? process.env }
  const { stdout, stderr } = commandIo
  let exitCode = 0
  const program = new Command('electrify')
    .description('Electrify Prisma migrations for ElectricSQL: ENABLE ELECTRIC for every model annotated with /// @electric')
    .version(packageVersion(), '-v, --version')
    .exitOverride()
    // Errors are not printed here: they become usage errors the reporter prints (below).
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s), outputError: () => {} })
  const setExitCode = (code: number) => (exitCode = code)
  const first = argv[2]
  // A command named first loads alone; anything else (help, the default command, a typo) loads them all.
  const named = first !== undefined && Object.hasOwn(COMMANDS, first) ? [first] : Object.keys(COMMANDS)
  // A first word that is no command is a mistyped one (`electrify chek`), not an argument of the default
  // command: without a default, commander says "unknown command" and suggests the nearest.
  const isDefault = first === undefined || first.startsWith('-') || first === 'migrate'
  for (const register of await Promise.all(named.map((name) => COMMANDS[name]!()))) register(program, commandIo, setExitCode, { isDefault, argv, replay: options.replay === true })
  showDefaultCommandHelp(program)
  try {
    await program.parseAsync([...argv])
  } catch (error) {
    if (error instanceof CommanderError && error.exitCode === 0) return 0 // --help, --version
    // A usage error, or a failure outside any command's run: one report, as every command's failure is.
    const reporter = new Reporter({ ...commandIo, cwd: path.resolve(process.cwd()), json: hasFlag(argv, '--json'), color: !hasFlag(argv, '--no-color') })
    return reporter.failed(error instanceof CommanderError ? usageError(error, argv, program) : error)
  }
  return exitCode
}

/** `electrify --help` also lists the options of the command `electrify` alone runs. */
function showDefaultCommandHelp(program: Command): void {
  const migrate = program.commands.find((c) => c.name() === 'migrate')
  if (!migrate) return
  program.addHelpText('after', () => `\nWithout a command, electrify runs migrate (electrify [options] is electrify migrate [options]):\n\n${migrate.helpInformation()}`)
}

/** A flag given before `--`, before commander has parsed it (the usage error may come first). */
function hasFlag(argv: readonly string[], flag: string): boolean {
  const end = argv.indexOf('--')
  return argv.slice(2, end === -1 ? undefined : end).includes(flag)
}

function packageVersion(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version
}
