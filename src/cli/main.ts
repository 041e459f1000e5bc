/**
 * The `electrify` command line: parses arguments with commander and hands each command to its
 * module. Exit codes: 0 done or nothing to do, 1 failure, 2 usage error.
 */
import { createRequire } from 'node:module'
import { Command, CommanderError } from 'commander'
import type { CommandIo } from './common-options.js'

type Register = (program: Command, io: CommandIo, setExitCode: (code: number) => void) => void

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

export async function main(argv: readonly string[], io: CliIo = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout
  const stderr = io.stderr ?? process.stderr
  let exitCode = 0
  const program = new Command('electrify')
    .description('Electrify Prisma migrations for ElectricSQL: ENABLE ELECTRIC for every model annotated with /// @electric')
    .version(packageVersion(), '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) })
    .showHelpAfterError('(run electrify --help for usage)')
  const commandIo: CommandIo = { stdin: io.stdin ?? process.stdin, stdout, stderr, env: io.env ?? process.env }
  const setExitCode = (code: number) => (exitCode = code)
  // A command named first loads alone; anything else (help, the default command, a typo) loads them all.
  const named = Object.hasOwn(COMMANDS, argv[2] ?? '') ? [argv[2]!] : Object.keys(COMMANDS)
  for (const register of await Promise.all(named.map((name) => COMMANDS[name]!()))) register(program, commandIo, setExitCode)
  try {
    await program.parseAsync([...argv])
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : 2
    throw error
  }
  return exitCode
}

function packageVersion(): string {
  return (createRequire(import.meta.url)('../../package.json') as { version: string }).version
}
