/** `electrify inject [migration]`: options → inject() → human or JSON report. */
import type { Command } from 'commander'
import type { Writable } from 'node:stream'
import path from 'node:path'
import { inject, type InjectOutcome } from '../commands/inject.js'
import { Reporter } from '../report/reporter.js'
import { formatLocation } from '../report/format.js'
import { quoteTableName } from '../sql/identifiers.js'

interface InjectFlags {
  schema?: string
  cwd?: string
  dryRun?: boolean
  json?: boolean
  color: boolean
}

export function registerInject(
  program: Command,
  io: { stdout: Writable; stderr: Writable; env: NodeJS.ProcessEnv },
  setExitCode: (code: number) => void,
): void {
  program
    .command('inject')
    .description('append ENABLE ELECTRIC for annotated models to a migration (default: the newest)')
    .argument('[migration]', 'migration folder name, unique prefix or path')
    .option('--schema <path>', 'Prisma schema file or folder (default: found like Prisma does)')
    .option('--cwd <dir>', 'run as if started in <dir>')
    .option('--dry-run', 'print what would be appended and write nothing')
    .option('--json', 'print one JSON document on stdout (logs go to stderr)')
    .option('--no-color', 'no colours in the output')
    .action(async (migration: string | undefined, flags: InjectFlags) => {
      const cwd = path.resolve(flags.cwd ?? process.cwd())
      const reporter = new Reporter({ json: flags.json, color: flags.color, cwd, stdout: io.stdout, stderr: io.stderr, env: io.env })
      try {
        const outcome = await inject({ cwd, schema: flags.schema, migration, dryRun: flags.dryRun })
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
