/** `electrify inject [migration]`: options → inject() → human or JSON report. */
import type { Command } from 'commander'
import { inject, type InjectOutcome } from '../commands/inject.js'
import type { Reporter } from '../report/reporter.js'
import { formatLocation } from '../report/format.js'
import { quoteTableName } from '../sql/identifiers.js'
import { reporterFor, withCommonOptions, type CommandIo, type CommonFlags } from './common-options.js'

interface InjectFlags extends CommonFlags {
  dryRun?: boolean
}

export function registerInject(program: Command, io: CommandIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('inject')
    .description('append ENABLE ELECTRIC for annotated models to a migration (default: the newest)')
    .argument('[migration]', 'migration folder name, unique prefix or path')
    .option('--dry-run', 'print what would be appended and write nothing')
  withCommonOptions(command).action(async (migration: string | undefined, flags: InjectFlags) => {
    const reporter = reporterFor(flags, io)
    try {
      const outcome = await inject({ cwd: reporter.cwd, schema: flags.schema, migration, dryRun: flags.dryRun })
      reporter.findings(outcome.findings)
      report(reporter, outcome)
      setExitCode(0)
    } catch (error) {
      setExitCode(reporter.failure(error))
    }
  })
}

function report(reporter: Reporter, outcome: InjectOutcome): void {
  reporter.document({ ok: true, ...outcome })
  const { colors } = reporter
  const where = formatLocation(outcome.file, undefined, reporter.cwd)
  if (outcome.tables.length === 0) {
    reporter.result(`${colors.green('✓')} ${where}: nothing to add, every annotated table is electrified`)
    return
  }
  const names = outcome.tables.map((t) => quoteTableName(t.table)).join(', ')
  if (outcome.dryRun) {
    reporter.result(`${colors.bold('dry run')}: would append to ${where}:\n${outcome.appended.replace(/^\r?\n/, '').trimEnd()}`)
    return
  }
  reporter.result(`${colors.green('✓')} ${where}: electrified ${names}`)
}
