/** `electrify hook install`: runs `electrify check --staged` before every commit (husky or .git/hooks). */
import type { Command } from 'commander'
import { formatLocation } from '../report/format.js'
import { reporterFor, withCommonOptions, type CommandIo, type CommonFlags } from './common-options.js'

interface HookFlags extends CommonFlags {
  dryRun?: boolean
}

export function registerHook(program: Command, io: CommandIo, setExitCode: (code: number) => void): void {
  const hook = program.command('hook').description('set up git hooks that run electrify')
  const install = hook
    .command('install')
    .description('run `electrify check --staged` before every commit: in .husky/pre-commit when the project uses husky, else in .git/hooks/pre-commit (existing content is kept)')
    .option('--dry-run', 'say what would be written and write nothing')
  withCommonOptions(install).action(async (flags: HookFlags) => {
    const reporter = reporterFor(flags, io)
    try {
      const { hookInstall } = await import('../commands/hook-install.js')
      const outcome = await hookInstall({ cwd: reporter.cwd, schema: flags.schema, dryRun: flags.dryRun })
      reporter.document({ ok: true, ...outcome })
      const where = formatLocation(outcome.file, undefined, reporter.cwd)
      const { colors } = reporter
      const verb = outcome.status === 'created' ? 'created' : 'added to'
      const done =
        outcome.status === 'unchanged'
          ? `${where} already runs electrify check; nothing changed`
          : `${outcome.dryRun ? `dry run, would have ${verb}` : verb} ${where}${outcome.kind === 'husky' ? ' (husky)' : ''}: ${outcome.command}`
      reporter.result(`${colors.green('✓')} ${done}`)
      setExitCode(0)
    } catch (error) {
      setExitCode(reporter.failure(error))
    }
  })
}
