/** `electrify` and `electrify migrate`: options → migrate() → summary. Ctrl-C stops Prisma and exits 130. */
import type { Command } from 'commander'
import { ElectrifyError } from '../errors.js'
import { migrate, type MigrateOutcome } from '../commands/migrate.js'
import type { Reporter } from '../report/reporter.js'
import { RulesError } from '../rules/rules-error.js'
import { formatLocation } from '../report/format.js'
import { quoteTableName } from '../sql/identifiers.js'
import { askMigrationName } from './ask-name.js'
import { useBaselineWasmCompiler } from './baseline-wasm.js'
import { reporterFor, withCommonOptions, type CommandIo, type CommonFlags } from './common-options.js'
import { abortOnSigint } from './interrupt.js'

interface MigrateFlags extends CommonFlags {
  name?: string
  proxyUrl?: string
  envFile?: string
  prisma?: string
  createOnly?: boolean
  deploy?: boolean
  /** false with --no-preflight */
  preflight: boolean
}

export function registerMigrate(program: Command, io: CommandIo & { stdin: NodeJS.ReadStream }, setExitCode: (code: number) => void): void {
  const command = program
    .command('migrate', { isDefault: true })
    .description('create a migration with Prisma through the Electric proxy, electrify it and apply it (the default command)')
    .option('-n, --name <name>', 'name of the new migration (asked for in a terminal)')
    .option('--proxy-url <url>', 'URL of the Electric migrations proxy')
    .option('--env-file <file>', 'dotenv file whose DATABASE_URL is the proxy URL (default: .env.proxy)')
    .option('--prisma <command>', 'command that runs Prisma (default: node_modules/.bin/prisma)')
    .option('--create-only', 'create and electrify the migration, do not apply it')
    .option('--deploy', 'apply with prisma migrate deploy instead of migrate dev')
    .option('--no-preflight', "skip electrify's checks of Electric's rules (schema and new migration); the proxy decides")
  withCommonOptions(command).action(async (flags: MigrateFlags) => {
    useBaselineWasmCompiler()
    const reporter = reporterFor(flags, io)
    const interrupt = abortOnSigint()
    try {
      const name = flags.name ?? (await nameFromTerminal(io))
      const outcome = await migrate({
        cwd: reporter.cwd,
        schema: flags.schema,
        name,
        proxyUrl: flags.proxyUrl,
        envFile: flags.envFile,
        prisma: flags.prisma,
        createOnly: flags.createOnly,
        deploy: flags.deploy,
        preflight: flags.preflight,
        env: io.env,
        // With --json, stdout carries only the document: Prisma's output goes to stderr.
        stdout: flags.json ? io.stderr : io.stdout,
        stderr: io.stderr,
        signal: interrupt.signal,
      })
      reporter.findings(outcome.findings)
      report(reporter, outcome)
      setExitCode(0)
    } catch (error) {
      setExitCode(error instanceof RulesError ? rulesFailure(reporter, error) : reporter.failure(error))
    } finally {
      interrupt.release()
    }
  })
}

/**
 * A run stopped by Electric's rules: the findings (each with file:line and fix), then the error. With
 * --json, one document that also carries them: `{ ok: false, error, findings }`.
 */
function rulesFailure(reporter: Reporter, error: RulesError): number {
  if (reporter.json) {
    const { code, message, file, line, hint } = error
    reporter.document({ ok: false, error: { code, message, file, line, hint }, findings: error.findings })
    reporter.info(message)
    return error.exitCode
  }
  // An explained proxy answer is already the error's own message.
  reporter.findings(error.findings.filter((f) => !f.code.startsWith('proxy/')))
  return reporter.failure(error)
}

async function nameFromTerminal(io: CommandIo & { stdin: NodeJS.ReadStream }): Promise<string> {
  if (!io.stdin.isTTY || !(io.stdout as { isTTY?: boolean }).isTTY) {
    throw new ElectrifyError('--name is required when electrify does not run in a terminal', {
      code: 'usage/name-required',
      exitCode: 2,
      hint: 'Pass the migration name, e.g. electrify --name add_items.',
    })
  }
  return askMigrationName(io.stdin, io.stdout)
}

function report(reporter: Reporter, outcome: MigrateOutcome): void {
  reporter.document({ ok: true, ...outcome })
  const { colors } = reporter
  const seconds = `${(outcome.durationMs / 1000).toFixed(1)} s`
  if (outcome.status === 'in-sync') {
    reporter.result(`${colors.green('✓')} in sync: no schema change and every annotated table is electrified ${colors.dim(`(${seconds})`)}`)
    return
  }
  const tables = outcome.tables.length ? `electrified ${outcome.tables.map((t) => quoteTableName(t.table)).join(', ')}` : 'no table to electrify'
  const what = outcome.status === 'applied' ? 'applied through the proxy' : 'created, not applied (--create-only)'
  reporter.result(`${colors.green('✓')} ${formatLocation(outcome.file, undefined, reporter.cwd)}: ${tables}; ${what} ${colors.dim(`(${seconds})`)}`)
}
