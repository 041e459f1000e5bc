/** `electrify status`: options → status() → a table for people or one JSON document. Exit 0 in sync, 1 otherwise or when it cannot read. */
import type { Command } from 'commander'
import { useBaselineWasmCompiler } from './baseline-wasm.js'
import { withCommonOptions, withProxyOptions, type CommandIo, type CommonFlags, type ProxyFlags } from './common-options.js'
import { fixCommandParts } from '../project/package-manager.js'
import { runCommand } from './run-command.js'
import { nonEmpty } from './usage.js'

interface Flags extends CommonFlags, ProxyFlags {
  databaseUrl?: string
}

export function registerStatus(program: Command, io: CommandIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('status')
    .description('read-only: for each annotated model, its migrations, whether they are applied and whether Electric syncs it')
  withProxyOptions(command).option('--database-url <url>', "read Electric's database directly instead of through the proxy", nonEmpty)
  withCommonOptions(command).action(async (flags: Flags) => {
    const code = await runCommand(io, flags, {}, async (context, reporter) => {
      useBaselineWasmCompiler()
      const { status } = await import('../commands/status.js')
      const { proxyUrl, env: envFile, databaseUrl } = flags
      const outcome = await status({ schema: flags.schema, proxyUrl, envFile, databaseUrl, ...(await fixCommandParts(context.cwd, flags.schema)) }, context)
      reporter.done({ command: 'status', outcome })
      return outcome.ok ? 0 : 1
    })
    setExitCode(code)
  })
}
