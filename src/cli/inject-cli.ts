/** `electrify inject [migration]`: options → inject() → human or JSON report. */
import type { Command } from 'commander'
import { inject } from '../commands/inject.js'
import { withCommonOptions, type CommandIo, type CommonFlags } from './common-options.js'
import { runCommand } from './run-command.js'
import { nonEmpty } from './usage.js'

interface Flags extends CommonFlags {
  dryRun?: boolean
  new?: boolean
  force?: boolean
  databaseUrl?: string
  /** false with --no-wait */
  wait: boolean
}

export function registerInject(program: Command, io: CommandIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('inject')
    .description('append ENABLE ELECTRIC for annotated models to a migration (default: the newest)')
    .argument('[migration]', 'migration folder name, unique prefix or path', nonEmpty)
    .option('--dry-run', 'print what would be appended and write nothing')
    .option('--new', 'write the DDLX into a new migration that runs last, instead of appending')
    .option('--force', 'append even to a migration that is committed in git or applied (it is shared: others have it as it was)')
    .option('--database-url <url>', 'also treat as shared the migrations this database records as applied')
    .option('--no-wait', "fail at once when another electrify run holds the project's lock, instead of waiting for it")
  withCommonOptions(command).action(async (migration: string | undefined, flags: Flags) => {
    const code = await runCommand(io, flags, {}, async (context, reporter) => {
      const { schema, dryRun, force, databaseUrl, wait } = flags
      const outcome = await inject({ schema, migration, dryRun, newMigration: flags.new, force, databaseUrl, wait }, context)
      reporter.done({ command: 'inject', outcome })
      return 0
    })
    setExitCode(code)
  })
}
