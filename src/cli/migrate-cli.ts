/** `electrify` and `electrify migrate`: options → migrate() → summary. Ctrl-C stops Prisma and exits 130. */
import type { Command } from 'commander'
import { migrate } from '../commands/migrate.js'
import { ElectrifyError } from '../errors.js'
import type { Reporter } from '../report/reporter.js'
import type { RunContext } from '../run-context.js'
import { askMigrationName } from './ask-name.js'
import { useBaselineWasmCompiler } from './baseline-wasm.js'
import { withCommonOptions, type CommandIo } from './common-options.js'
import type { RegisterOptions } from './main.js'
import { migrateSettings, withMigrateOptions, type MigrateFlags } from './migrate-options.js'
import { runCommand } from './run-command.js'

interface Flags extends MigrateFlags {
  createOnly?: boolean
  verbose?: boolean
}

export function registerMigrate(program: Command, io: CommandIo, setExitCode: (code: number) => void, { isDefault }: RegisterOptions): void {
  const command = program
    .command('migrate', { isDefault })
    .description('create a migration with Prisma through the Electric proxy, electrify it and apply it (the default command)')
  withMigrateOptions(command, {
    name: 'name of the new migration (asked for in a terminal)',
    preflight: "skip electrify's checks of Electric's rules (schema and new migration); the proxy decides",
    deploy: 'deprecated: runs `electrify deploy` (applies the committed migrations, creates none)',
  })
    .option('--create-only', 'create and electrify the migration, do not apply it')
    .option('--verbose', "show Prisma's whole output as it comes (otherwise the lines that say what it did, and all of it when it fails)")
  withCommonOptions(command).action(async (flags: Flags) => {
    useBaselineWasmCompiler()
    const code = await runCommand(io, flags, { interruptible: true, verbose: flags.verbose }, async (context, reporter) => {
      if (flags.deploy) return deprecatedDeploy(flags, context, reporter)
      const name = flags.name ?? (await nameFromTerminal(context))
      const outcome = await migrate({ ...migrateSettings(flags), name, createOnly: flags.createOnly }, context)
      reporter.done({ command: 'migrate', outcome })
      return 0
    })
    setExitCode(code)
  })
}

/**
 * `electrify --deploy` used to create a migration with `prisma migrate dev --create-only` before applying
 * it with `migrate deploy`, which a production pipeline must never do: it now runs `electrify deploy`.
 */
async function deprecatedDeploy(flags: Flags, context: RunContext, reporter: Reporter): Promise<number> {
  if (flags.createOnly) {
    throw new ElectrifyError('--create-only and --deploy cannot be combined', {
      code: 'usage/deploy-create-only',
      exitCode: 2,
      hint: 'Create the migration with `electrify --create-only --name <name>`; deploy committed migrations with `electrify deploy`.',
    })
  }
  context.report({ type: 'deprecated', option: '--deploy', instead: 'electrify deploy' })
  const { runDeploy } = await import('./deploy-cli.js')
  return runDeploy(flags, context, reporter)
}

async function nameFromTerminal(context: RunContext): Promise<string> {
  if (!context.stdin.isTTY || !context.stdout.isTTY) {
    throw new ElectrifyError('--name is required when electrify does not run in a terminal', {
      code: 'usage/name-required',
      exitCode: 2,
      hint: 'Pass the migration name, e.g. electrify --name add_items.',
    })
  }
  return askMigrationName(context.stdin, context.stdout, context.signal)
}
