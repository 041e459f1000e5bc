/**
 * `electrify watch`: options → watch() → one compact status line per step. Ctrl-C closes the watcher,
 * stops a running Prisma child and exits 130; a second Ctrl-C exits at once. The command module (and
 * with it chokidar and the one-shot pipeline) is imported only when the command runs.
 */
import path from 'node:path'
import type { Command } from 'commander'
import type { WatchEvent } from '../commands/watch.js'
import { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'
import type { Reporter } from '../report/reporter.js'
import { formatError, formatFinding, formatLocation } from '../report/format.js'
import { quoteTableName } from '../sql/identifiers.js'
import { reporterFor, withCommonOptions, type CommandIo, type CommonFlags } from './common-options.js'
import { abortOnSigint } from './interrupt.js'

interface WatchFlags extends CommonFlags {
  name?: string
  proxyUrl?: string
  envFile?: string
  prisma?: string
  deploy?: boolean
  once?: boolean
  verbose?: boolean
  /** false with --no-preflight */
  preflight: boolean
}

export function registerWatch(program: Command, io: CommandIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('watch')
    .description('run electrify whenever the schema changes or a migration is added: create, electrify and apply through the proxy')
    .option('-n, --name <name>', 'name of every migration created (default: from what changed, e.g. add_item)')
    .option('--proxy-url <url>', 'URL of the Electric migrations proxy')
    .option('--env-file <file>', 'dotenv file whose DATABASE_URL is the proxy URL (default: .env.proxy)')
    .option('--prisma <command>', 'command that runs Prisma (default: node_modules/.bin/prisma)')
    .option('--deploy', 'apply with prisma migrate deploy instead of migrate dev')
    .option('--no-preflight', "skip electrify's checks of Electric's rules before each run; the proxy decides")
    .option('--once', 'run once and exit')
    .option('--verbose', "show Prisma's output as it comes (otherwise only when a run fails)")
  withCommonOptions(command).action(async (flags: WatchFlags) => {
    const reporter = reporterFor(flags, io)
    const interrupt = abortOnSigint()
    try {
      const { watch } = await import('../commands/watch.js')
      const print = flags.json ? jsonLine(io) : statusLine(reporter, io)
      const result = await watch({
        cwd: reporter.cwd,
        schema: flags.schema,
        name: flags.name,
        proxyUrl: flags.proxyUrl,
        envFile: flags.envFile,
        prisma: flags.prisma,
        deploy: flags.deploy,
        preflight: flags.preflight,
        once: flags.once,
        verbose: flags.verbose ? io.stderr : undefined,
        env: io.env,
        signal: interrupt.signal,
        onEvent: print,
      })
      setExitCode(result.exitCode)
    } catch (error) {
      setExitCode(reporter.failure(error))
    } finally {
      interrupt.release()
    }
  })
}

function statusLine(reporter: Reporter, io: CommandIo): (event: WatchEvent) => void {
  const { colors } = reporter
  const cwd = reporter.cwd
  const shown = (file: string) => formatLocation(file, undefined, cwd)
  const line = (text: string) => io.stdout.write(`${colors.dim(clock())} ${text}\n`)
  const seconds = (ms: number) => colors.dim(`(${(ms / 1000).toFixed(1)} s)`)
  return (event) => {
    switch (event.type) {
      case 'watching':
        line(`watching ${shown(event.schemaPath)} and ${shown(event.migrationsDir)}${path.sep} ${colors.dim('(Ctrl-C to stop)')}`)
        return
      case 'run-start': {
        const what =
          event.reason === 'start'
            ? 'bringing the migrations up to date with the schema'
            : event.reason === 'schema'
              ? `${event.files.map(shown).join(', ') || 'schema'} changed`
              : `migrations changed (${event.files.join(', ')})`
        line(`${colors.cyan('▸')} ${what}: running electrify --name ${event.name} …`)
        return
      }
      case 'run-done': {
        const { outcome } = event
        for (const finding of outcome.findings) io.stderr.write(`${formatFinding(finding, reporter.colors, cwd)}\n`)
        if (outcome.status === 'in-sync') {
          line(`${colors.green('✓')} in sync: nothing to migrate ${seconds(event.durationMs)}`)
          return
        }
        const tables = outcome.tables.length ? `electrified ${outcome.tables.map((t) => quoteTableName(t.table)).join(', ')}` : 'no table to electrify'
        line(`${colors.green('✓')} ${outcome.migration}: ${tables}; ${outcome.status === 'applied' ? 'applied' : 'created'} ${seconds(event.durationMs)}`)
        return
      }
      case 'run-failed': {
        // Prisma's output first (it explains most failures), then one status line, then the details.
        if (event.output.trim()) io.stderr.write(`${event.output.trimEnd()}\n`)
        for (const finding of findingsOf(event.error)) io.stderr.write(`${formatFinding(finding, reporter.colors, cwd)}\n`)
        const text = event.error instanceof ElectrifyError ? formatError(event.error, reporter.colors, cwd) : `internal error: ${String((event.error as Error)?.stack ?? event.error)}`
        const [first, ...details] = text.split('\n')
        // "The Prisma schema has an error:" says little on its own: add its first line.
        const next = first!.endsWith(':') ? details.find((d) => d.trim())?.trim().replace(/^error: /, '') : undefined
        line(`${colors.red('✗')} ${next ? `${first} ${next}` : first} ${seconds(event.durationMs)}`)
        if (details.some((d) => d.trim())) io.stderr.write(`${details.join('\n').replace(/^\n+/, '')}\n`)
        line(colors.dim('still watching: save a fix to run again'))
        return
      }
      case 'watcher-error':
        line(`${colors.yellow('!')} watcher: ${String((event.error as Error)?.message ?? event.error)}`)
        return
      case 'stopped':
        line(`stopped after ${event.runs} run${event.runs === 1 ? '' : 's'}`)
        return
    }
  }
}

/** `--json`: one JSON document per line (NDJSON), one per event. */
function jsonLine(io: CommandIo): (event: WatchEvent) => void {
  return (event) => {
    const { type, ...rest } = event
    let body: Record<string, unknown> = { event: type, ...rest }
    if (event.type === 'run-done') body = { event: type, run: event.run, ok: true, ...event.outcome, durationMs: event.durationMs }
    if (event.type === 'run-failed' || event.type === 'watcher-error') {
      const error = event.error
      const described =
        error instanceof ElectrifyError
          ? { code: error.code, message: error.message, file: error.file, line: error.line, hint: error.hint }
          : { code: 'internal', message: String((error as Error)?.stack ?? error) }
      body = { ...body, ok: false, error: described, ...(findingsOf(error).length ? { findings: findingsOf(error) } : {}) }
    }
    io.stdout.write(`${JSON.stringify(body)}\n`)
  }
}

/** A run stopped by Electric's rules (RulesError) carries the findings that stopped it. */
function findingsOf(error: unknown): readonly Finding[] {
  const findings = (error as { findings?: unknown } | undefined)?.findings
  return Array.isArray(findings) ? (findings as Finding[]) : []
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8)
}
