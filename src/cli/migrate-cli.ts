/** `electrify` and `electrify migrate`: options → migrate() → summary. Ctrl-C stops Prisma and exits 130. */
import type { Command } from 'commander'
import { migrate } from '../commands/migrate.js'
import { ElectrifyError } from '../errors.js'
import type { RunContext } from '../run-context.js'
import { askMigrationName } from './ask-name.js'
import { useBaselineWasmCompiler } from './baseline-wasm.js'
import { withCommonOptions, type CommandIo } from './common-options.js'
import { migrateSettings, withMigrateOptions, type MigrateFlags } from './migrate-options.js'
import { runCommand } from './run-command.js'

interface Flags extends MigrateFlags {
  createOnly?: boolean
  verbose?: boolean
}

export function registerMigrate(program: Command, io: CommandIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('migrate', { isDefault: true })
    .description('create a migration with Prisma through the Electric proxy, electrify it and apply it (the default command)')
  withMigrateOptions(command, {
    name: 'name of the new migration (asked for in a terminal)',
    preflight: "skip electrify's checks of Electric's rules (schema and new migration); the proxy decides",
  })
    .option('--create-only', 'create and electrify the migration, do not apply it')
    .option('--verbose', "show Prisma's whole output as it comes (otherwise the lines that say what it did, and all of it when it fails)")
  withCommonOptions(command).action(async (flags: Flags) => {
    useBaselineWasmCompiler()
    const code = await runCommand(io, flags, { interruptible: true, verbose: flags.verbose }, async (context, reporter) => {
      const name = flags.name ?? (await nameFromTerminal(context))
      const outcome = await migrate({ ...migrateSettings(flags), name, createOnly: flags.createOnly }, context)
      reporter.done({ command: 'migrate', outcome })
      return 0
    })
    setExitCode(code)
  })
}

async function nameFromTerminal(context: RunContext): Promise<string> {
  if (!context.stdin.isTTY || !context.stdout.isTTY) {
    throw new ElectrifyError('--name is required when electrify does not run in a terminal', {
      code: 'usage/name-required',
      exitCode: 2,
      hint: 'Pass the migration name, e.g. electrify --name add_items.',
    })
  }
  return askMigrationName(context.stdin, context.stdout)
}
