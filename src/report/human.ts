/**
 * The text for people (pure): each step of a run, each command's summary line, and `watch`'s status
 * lines. Each function returns what to write where; the reporter writes it.
 */
import path from 'node:path'
import pc from 'picocolors'
import { ElectrifyError } from '../errors.js'
import { describeHolder } from '../fs/lock-holder.js'
import { describeShared } from '../history/shared-reason.js'
import type { Finding } from '../findings.js'
import { formatRoute } from '../routing/format-routes.js'
import { quoteTableName, type TableName } from '../sql/identifiers.js'
import type { Colors } from './colors.js'
import type { CommandResult, DeployEvent, RunEvent, StatusEvent, WatchEvent } from './events.js'
import { count, formatError, formatFinding, formatLocation } from './format.js'
import { statusBody, statusSummary } from './status-text.js'
import { findingsOf } from './json.js'
import { cleanOutput } from './prisma-output.js'

export interface Write {
  to: 'stdout' | 'stderr'
  text: string
}

/**
 * A step of a `watch` run as its log keeps it ('' for a step that shows nothing): electrify's lines and
 * Prisma's output as it came, without terminal control codes. (A one-shot run's steps: run-steps.ts.)
 */
export function progressText(event: RunEvent | DeployEvent | StatusEvent, cwd: string): string {
  switch (event.type) {
    case 'prisma-output':
      return cleanOutput(event.text, false)
    case 'prisma-start':
      return event.step === 'create' ? '' : electrifyLine(event, NO_COLORS, cwd)
    case 'prisma-end':
    case 'findings':
      return ''
    default:
      return electrifyLine(event, NO_COLORS, cwd)
  }
}

const NO_COLORS = pc.createColors(false)

/** The events that are one of electrify's own lines (not Prisma's output, not the end of a step, not findings). */
export type LineEvent = Exclude<RunEvent | DeployEvent | StatusEvent, { type: 'prisma-output' | 'prisma-end' | 'findings' }>

/** One of electrify's own lines, marked `electrify:` so that it stands out among Prisma's. */
export function electrifyLine(event: LineEvent, colors: Colors, cwd: string): string {
  const mark = colors.bold(colors.cyan('electrify:'))
  switch (event.type) {
    case 'connection': {
      // The proxy, then one line per connection Prisma makes: what carries it and where it goes.
      const routes = event.routes.map((r) => `  ${formatRoute(r)}\n`).join('')
      const deploy = event.deployRoutes?.map((r) => `  migrate deploy: ${formatRoute(r)}\n`).join('') ?? ''
      return `${mark} proxy ${event.url} ${colors.dim(`(from ${event.label})`)}\n${routes}${deploy}`
    }
    case 'prisma-start':
      return `${mark} ${stepRunningText(event)}\n`
    case 'electrified': {
      const where = formatLocation(event.file, undefined, cwd)
      return event.written
        ? `${mark} Prisma found no schema change; wrote ${where} with ENABLE ELECTRIC only\n`
        : `${mark} appended ENABLE ELECTRIC for ${event.tables.map(quoteTableName).join(', ')} to ${where}\n`
    }
    case 'deprecated':
      return `${mark} ${event.option} is deprecated: it now runs \`${event.instead}\`, which applies the committed migrations and creates none; use \`${event.instead}\`\n`
    case 'checked': {
      const warnings = event.warnings ? `; ${count(event.warnings, 'warning')}, listed at the end` : ''
      return `${mark} check passed: ${count(event.annotated, 'annotated model')}, ${count(event.migrations, 'migration')}${warnings}\n`
    }
    case 'pending':
      return `${mark} ${event.migrations.length ? `${count(event.migrations.length, 'pending migration')}: ${event.migrations.join(', ')}` : 'no pending migration'}\n`
    case 'reading':
      return event.through === 'proxy'
        ? `${mark} reading through the proxy ${event.url} (from ${event.label})\n`
        : `${mark} reading ${event.url} directly (--database-url), not through the proxy\n`
    case 'lock-waiting':
      return `${mark} waiting for the run that holds this project's lock to finish: ${describeHolder(event.holder)}\n`
    case 'leftover-removed':
      return `${mark} removed ${formatLocation(event.dir, undefined, cwd)}, the empty migration an interrupted electrify run left (never applied, not committed)\n`
  }
}

type PrismaStart = Extract<RunEvent, { type: 'prisma-start' }>
type PrismaEnd = Extract<RunEvent, { type: 'prisma-end' }>

/** What a running Prisma step does, for the spinner (and the line that starts it with `--verbose`). */
export function stepRunningText(start: PrismaStart): string {
  const command = `prisma ${start.args.join(' ')}`
  if (start.step === 'deploy') return `applying the committed migrations through the proxy: ${command}`
  return start.step === 'apply' ? `applying ${start.migration} through the proxy: ${command}` : `creating the migration: ${command}`
}

/** The line a Prisma step ends with: ✓ and what it did, or ✗ and how it failed; its time either way. */
export function stepEndText(start: PrismaStart, end: PrismaEnd, colors: Colors): string {
  const mark = colors.bold(colors.cyan('electrify:'))
  const command = `prisma ${start.args.join(' ')}`
  const time = seconds(end.durationMs)
  if (end.aborted) return `${mark} ${colors.red('✗')} ${command} stopped (Ctrl-C) ${colors.dim(`(${time})`)}\n`
  if (end.exitCode !== 0) return `${mark} ${colors.red('✗')} ${command} failed with exit code ${end.exitCode} ${colors.dim(`(${time})`)}; Prisma's output:\n`
  const done =
    start.step === 'deploy'
      ? `applied the committed migrations through the proxy: ${command}`
      : start.step === 'apply'
        ? `applied ${start.migration} through the proxy: ${command}`
        : `created the migration: ${command}`
  return `${mark} ${colors.green('✓')} ${done} ${colors.dim(`(${time})`)}\n`
}

/** The lines of Prisma's output kept for a step that succeeded, under a `prisma │` gutter. */
export function prismaLines(lines: readonly string[], colors: Colors): string {
  return lines.map((line) => `  ${colors.dim('prisma │')} ${line}\n`).join('')
}

/** The line a command ends with. */
export function summaryLine(result: CommandResult, colors: Colors, cwd: string): string {
  const ok = colors.green('✓')
  switch (result.command) {
    case 'migrate': {
      const { outcome } = result
      const time = colors.dim(`(${seconds(outcome.durationMs)})`)
      if (outcome.status === 'in-sync') return `${ok} in sync: no schema change and every annotated table is electrified ${time}`
      const what = outcome.status === 'applied' ? 'applied through the proxy' : 'created, not applied (--create-only)'
      return `${ok} ${formatLocation(outcome.file, undefined, cwd)}: ${electrified(outcome.tables)}; ${what} ${time}`
    }
    case 'inject': {
      const { outcome } = result
      const where = formatLocation(outcome.file, undefined, cwd)
      if (outcome.tables.length === 0) return `${ok} ${where}: nothing to add, every annotated table is electrified`
      // Why a new migration: asked for (--new), or the one it would go into is shared.
      const why = outcome.shared ? ` (${outcome.shared.migration} is ${describeShared(outcome.shared.reasons)}: electrify does not change it)` : ''
      if (outcome.dryRun) return `${colors.bold('dry run')}: would ${outcome.created ? 'write the new migration' : 'append to'} ${where}${why}:\n${outcome.appended.replace(/^\r?\n/, '').trimEnd()}`
      const tables = outcome.tables.map((t) => quoteTableName(t.table)).join(', ')
      return outcome.created ? `${ok} ${where}: electrified ${tables} in a new migration${why}` : `${ok} ${where}: electrified ${tables}`
    }
    case 'check': {
      const { outcome } = result
      const where = `${count(outcome.annotated.length, 'annotated model')}, ${count(outcome.migrations, 'migration')}${outcome.source === 'index' ? ' (staged)' : ''}`
      const time = colors.dim(`(${Math.round(outcome.durationMs)} ms)`)
      if (outcome.errors === 0 && outcome.warnings === 0) {
        const clean = outcome.annotated.length === 0 ? 'no model is annotated with @electric' : 'every annotated table is electrified'
        return `${ok} electrify check: ${where}: ${clean} ${time}`
      }
      const mark = outcome.ok ? colors.yellow('!') : colors.red('✗')
      const problems = [outcome.errors ? count(outcome.errors, 'error') : '', outcome.warnings ? count(outcome.warnings, 'warning') : ''].filter(Boolean).join(', ')
      return `${mark} electrify check: ${problems} in ${where} ${time}`
    }
    case 'status': {
      const { outcome } = result
      const body = statusBody(outcome, colors)
      return `${body ? `${body}\n` : ''}${statusSummary(outcome, colors)} ${colors.dim(`(${Math.round(outcome.durationMs)} ms)`)}`
    }
    case 'deploy': {
      const { outcome } = result
      const applied = outcome.applied.length ? `applied ${count(outcome.applied.length, 'migration')}` : 'nothing to apply'
      return `${statusBody(outcome, colors)}\n${statusSummary(outcome, colors)}; deploy ${applied} ${colors.dim(`(${seconds(outcome.durationMs)})`)}`
    }
    case 'hook-install': {
      const { outcome } = result
      const where = formatLocation(outcome.file, undefined, cwd)
      const verb = outcome.status === 'created' ? 'created' : 'added to'
      const done =
        outcome.status === 'unchanged'
          ? `${where} already runs electrify check; nothing changed`
          : `${outcome.dryRun ? `dry run, would have ${verb}` : verb} ${where}${outcome.kind === 'husky' ? ' (husky)' : ''}: ${outcome.command}`
      return `${ok} ${done}`
    }
  }
}

/** The findings listed before a failure: an explained proxy answer is already the error's own message. */
export function stoppingFindings(error: unknown): Finding[] {
  return (findingsOf(error) ?? []).filter((f) => !f.code.startsWith('proxy/'))
}

/** An error for people: `file:line: error[code] message` and the fix, or an internal error with its stack. */
export function errorText(error: unknown, colors: Colors, cwd: string): string {
  return error instanceof ElectrifyError ? formatError(error, colors, cwd) : `${colors.red('internal error:')} ${String((error as Error)?.stack ?? error)}`
}

export interface WatchStyle {
  /** For stdout (the status lines) and stderr (Prisma's output, findings, details). */
  colors: Colors
  errColors: Colors
  cwd: string
  /** The time of day the line is for. */
  clock: string
}

/** `watch`'s status lines (one per event, on stdout, after the time of day) and what goes with them on stderr. */
export function watchLines(event: Exclude<WatchEvent, { type: 'run-progress' }>, runOutput: string, style: WatchStyle): Write[] {
  const { colors, errColors, cwd } = style
  const line = (text: string): Write => ({ to: 'stdout', text: `${colors.dim(style.clock)} ${text}\n` })
  const stderr = (text: string): Write => ({ to: 'stderr', text: `${text}\n` })
  const shown = (file: string) => formatLocation(file, undefined, cwd)
  const time = (ms: number) => colors.dim(`(${seconds(ms)})`)
  switch (event.type) {
    case 'watching':
      return [line(`watching ${shown(event.schemaPath)} and ${shown(event.migrationsDir)}${path.sep} ${colors.dim('(Ctrl-C to stop)')}`)]
    case 'run-start': {
      const what =
        event.reason === 'start'
          ? 'bringing the migrations up to date with the schema'
          : event.reason === 'schema'
            ? `${event.files.map(shown).join(', ') || 'schema'} changed`
            : `migrations changed (${event.files.join(', ')})`
      return [line(`${colors.cyan('▸')} ${what}: running electrify --name ${event.name} …`)]
    }
    case 'run-done': {
      const { outcome } = event
      const findings = outcome.findings.map((f) => stderr(formatFinding(f, errColors, cwd)))
      if (outcome.status === 'in-sync') return [...findings, line(`${colors.green('✓')} in sync: nothing to migrate ${time(event.durationMs)}`)]
      return [...findings, line(`${colors.green('✓')} ${outcome.migration}: ${electrified(outcome.tables)}; ${outcome.status === 'applied' ? 'applied' : 'created'} ${time(event.durationMs)}`)]
    }
    case 'run-failed': {
      // The run's output first (Prisma's explains most failures), then one status line, then the details.
      const writes: Write[] = runOutput.trim() ? [stderr(runOutput.trimEnd())] : []
      writes.push(...stoppingFindings(event.error).map((f) => stderr(formatFinding(f, errColors, cwd))))
      const [first, ...details] = errorText(event.error, colors, cwd).split('\n')
      // "The Prisma schema has an error:" says little on its own: add its first line.
      const next = first!.endsWith(':') ? details.find((d) => d.trim())?.trim().replace(/^error: /, '') : undefined
      writes.push(line(`${colors.red('✗')} ${next ? `${first} ${next}` : first} ${time(event.durationMs)}`))
      if (details.some((d) => d.trim())) writes.push(stderr(details.join('\n').replace(/^\n+/, '')))
      writes.push(line(colors.dim('still watching: save a fix to run again')))
      return writes
    }
    case 'unchanged':
      return []
    case 'watcher-error':
      return [line(`${colors.yellow('!')} watcher: ${String((event.error as Error)?.message ?? event.error)}`)]
    case 'stopped':
      return [line(`stopped after ${count(event.runs, 'run')}`)]
  }
}

function electrified(tables: readonly { table: TableName }[]): string {
  return tables.length ? `electrified ${tables.map((t) => quoteTableName(t.table)).join(', ')}` : 'no table to electrify'
}

function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`
}
