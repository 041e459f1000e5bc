/**
 * `electrify check [--staged]`: options → check() → findings and a summary. Exit 0 clean, 1 findings,
 * 2 usage or internal error. The command module is imported only when the command runs, so that a
 * pre-commit hook loads nothing it does not use.
 */
import path from 'node:path'
import type { Command } from 'commander'
import { useBaselineWasmCompiler } from './baseline-wasm.js'
import { CheckRecorder } from './check-replay.js'
import { withCommonOptions, type CommandIo, type CommonFlags } from './common-options.js'
import type { RegisterOptions } from './main.js'
import { runCommand } from './run-command.js'

interface Flags extends CommonFlags {
  staged?: boolean
  strict?: boolean
  /** false with --no-cache */
  cache: boolean
}

export function registerCheck(program: Command, io: CommandIo, setExitCode: (code: number) => void, options: RegisterOptions): void {
  const command = program
    .command('check')
    .description("check, without a database, that the migrations electrify every annotated model and follow Electric's rules (for git hooks and CI)")
    .option('--staged', 'check what is staged in git (the index), not the working tree')
    .option('--strict', 'fail on warnings too')
    .option('--no-cache', 'do not use or write node_modules/.cache/electrify')
  withCommonOptions(command).action(async (flags: Flags) => {
    // The check could not run (no schema, not a git repository, a bug): that is not a finding.
    const failureExitCode = (code: number) => (code === 130 ? 130 : 2)
    const project = { cwd: path.resolve(flags.cwd ?? process.cwd()), schema: flags.schema, staged: flags.staged }
    const recorder = options.replay ? await CheckRecorder.start(options.argv, io, project) : undefined
    let durationMs: number | undefined
    const code = await runCommand(recorder?.io ?? io, flags, { failureExitCode }, async (context, reporter) => {
      useBaselineWasmCompiler()
      const [{ check }, { fixCommandParts }] = await Promise.all([import('../commands/check.js'), import('../project/package-manager.js')])
      // Fix commands run the project's electrify with its package manager, from where this one started.
      const fix = await fixCommandParts(context.cwd, flags.schema)
      const outcome = await check({ schema: flags.schema, staged: flags.staged, strict: flags.strict, cache: flags.cache, ...fix, headMigrations: recorder?.headMigrations }, context)
      reporter.done({ command: 'check', outcome })
      durationMs = outcome.durationMs
      return outcome.ok ? 0 : 1
    })
    if (recorder && durationMs !== undefined) await recorder.finish(code, durationMs, Boolean(flags.json))
    setExitCode(code)
  })
}
