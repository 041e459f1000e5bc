/** `electrify inject [migration]`: options → inject() → human or JSON report. */
import type { Command } from 'commander'
import { inject } from '../commands/inject.js'
import { withCommonOptions, type CommandIo, type CommonFlags } from './common-options.js'
import { runCommand } from './run-command.js'
import { nonEmpty } from './usage.js'

interface Flags extends CommonFlags {
  dryRun?: boolean
}

export function registerInject(program: Command, io: CommandIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('inject')
    .description('append ENABLE ELECTRIC for annotated models to a migration (default: the newest)')
    .argument('[migration]', 'migration folder name, unique prefix or path', nonEmpty)
    .option('--dry-run', 'print what would be appended and write nothing')
  withCommonOptions(command).action(async (migration: string | undefined, flags: Flags) => {
    const code = await runCommand(io, flags, {}, async (context, reporter) => {
      const outcome = await inject({ schema: flags.schema, migration, dryRun: flags.dryRun }, context)
      reporter.done({ command: 'inject', outcome })
      return 0
    })
    setExitCode(code)
  })
}
