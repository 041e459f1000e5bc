/**
 * `electrify check [--staged]`: options → check() → findings and a summary. Exit 0 clean, 1 findings,
 * 2 usage or internal error. The command module is imported only when the command runs, so that a
 * pre-commit hook loads nothing it does not use.
 */
import type { Command } from 'commander'
import type { CheckOutcome } from '../commands/check.js'
import type { Reporter } from '../report/reporter.js'
import { reporterFor, withCommonOptions, type CommandIo, type CommonFlags } from './common-options.js'
import { useBaselineWasmCompiler } from './baseline-wasm.js'

interface CheckFlags extends CommonFlags {
  staged?: boolean
  strict?: boolean
  cache: boolean
}

export function registerCheck(program: Command, io: CommandIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('check')
    .description("check, without a database, that the migrations electrify every annotated model and follow Electric's rules (for git hooks and CI)")
    .option('--staged', 'check what is staged in git (the index), not the working tree')
    .option('--strict', 'fail on warnings too')
    .option('--no-cache', 'do not use or write node_modules/.cache/electrify')
  withCommonOptions(command).action(async (flags: CheckFlags) => {
    const reporter = reporterFor(flags, io)
    try {
      useBaselineWasmCompiler()
      const { check } = await import('../commands/check.js')
      const fixArgs = [...(flags.cwd ? ['--cwd', flags.cwd] : []), ...(flags.schema ? ['--schema', flags.schema] : [])]
      const outcome = await check({ cwd: reporter.cwd, schema: flags.schema, staged: flags.staged, strict: flags.strict, cache: flags.cache, fixArgs })
      reporter.findings(outcome.findings)
      report(reporter, outcome)
      setExitCode(outcome.ok ? 0 : 1)
    } catch (error) {
      // The check could not run (no schema, not a git repository, a bug): that is not a finding.
      const code = reporter.failure(error)
      setExitCode(code === 130 ? 130 : 2)
    }
  })
}

function report(reporter: Reporter, outcome: CheckOutcome): void {
  reporter.document(outcome)
  const { colors } = reporter
  const where = `${count(outcome.annotated.length, 'annotated model')}, ${count(outcome.migrations, 'migration')}${outcome.source === 'index' ? ' (staged)' : ''}`
  const time = colors.dim(`(${Math.round(outcome.durationMs)} ms)`)
  if (outcome.errors === 0 && outcome.warnings === 0) {
    const clean = outcome.annotated.length === 0 ? 'no model is annotated with @electric' : 'every annotated table is electrified'
    reporter.result(`${colors.green('✓')} electrify check: ${where}: ${clean} ${time}`)
    return
  }
  const mark = outcome.ok ? colors.yellow('!') : colors.red('✗')
  const problems = [outcome.errors ? count(outcome.errors, 'error') : '', outcome.warnings ? count(outcome.warnings, 'warning') : ''].filter(Boolean).join(', ')
  reporter.result(`${mark} electrify check: ${problems} in ${where} ${time}`)
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
