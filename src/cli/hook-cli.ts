/** `electrify hook install`: runs `electrify check --staged` before every commit (husky or .git/hooks). */
import type { Command } from 'commander'
import { withCommonOptions, type CommandIo, type CommonFlags } from './common-options.js'
import { runCommand } from './run-command.js'

interface Flags extends CommonFlags {
  dryRun?: boolean
}

export function registerHook(program: Command, io: CommandIo, setExitCode: (code: number) => void): void {
  const hook = program.command('hook').description('set up git hooks that run electrify')
  const install = hook
    .command('install')
    .description('run `electrify check --staged` before every commit: in .husky/pre-commit when the project uses husky, else in .git/hooks/pre-commit (existing content is kept)')
    .option('--dry-run', 'say what would be written and write nothing')
  withCommonOptions(install).action(async (flags: Flags) => {
    const code = await runCommand(io, flags, {}, async (context, reporter) => {
      const { hookInstall } = await import('../commands/hook-install.js')
      const outcome = await hookInstall({ schema: flags.schema, dryRun: flags.dryRun }, context)
      reporter.done({ command: 'hook-install', outcome })
      return 0
    })
    setExitCode(code)
  })
}
