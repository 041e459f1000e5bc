/**
 * `electrify deploy`: options → deploy() → the status after it, for people or as one JSON document.
 * Exit 0 when everything agrees after the deploy, 1 when it stopped or something disagrees; Ctrl-C stops
 * Prisma and exits 130.
 */
import type { Command } from 'commander'
import type { RunContext } from '../run-context.js'
import type { Reporter } from '../report/reporter.js'
import { useBaselineWasmCompiler } from './baseline-wasm.js'
import { withCommonOptions, withPrismaOptions, withProxyOptions, type CommandIo, type CommonFlags, type PrismaFlags, type ProxyFlags } from './common-options.js'
import { fixCommandParts } from '../project/package-manager.js'
import { runCommand } from './run-command.js'

export interface DeployFlags extends CommonFlags, ProxyFlags, PrismaFlags {}

export function registerDeploy(program: Command, io: CommandIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('deploy')
    .description('for CI and production: check, apply the committed migrations through the proxy (prisma migrate deploy), then check that Electric syncs exactly the annotated tables')
  withCommonOptions(withPrismaOptions(withProxyOptions(command))).action(async (flags: DeployFlags) => {
    setExitCode(await runCommand(io, flags, { interruptible: true }, (context, reporter) => runDeploy(flags, context, reporter)))
  })
}

/** The deploy itself; `electrify --deploy`, its deprecated form, runs it too. */
export async function runDeploy(flags: DeployFlags, context: RunContext, reporter: Reporter): Promise<number> {
  useBaselineWasmCompiler()
  const { deploy } = await import('../commands/deploy.js')
  const { schema, proxyUrl, env: envFile, prisma, urlVar } = flags
  const outcome = await deploy({ schema, proxyUrl, envFile, prisma, urlVar, ...(await fixCommandParts(context.cwd, flags.schema)) }, context)
  reporter.done({ command: 'deploy', outcome })
  return outcome.ok ? 0 : 1
}
