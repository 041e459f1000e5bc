/**
 * The one output door. Commands report events (events.ts) as they run and end with a result or an
 * error; the reporter alone turns them into output:
 *
 * - for people: summary and status lines on stdout, and so is Prisma's own stdout; progress,
 *   Prisma's stderr, findings and errors on stderr;
 * - `--json`: stdout carries only JSON, one document per command (`done`, `failed`), or for `watch`
 *   one line per event; what is for people goes to stderr as above.
 *
 * A `watch` run's steps are kept and shown when the run fails (as they come with `verbose`).
 */
import type { Finding } from '../findings.js'
import { ElectrifyError } from '../errors.js'
import type { RunContext } from '../run-context.js'
import { colorsFor, type Colors } from './colors.js'
import type { CommandResult, ReportEvent } from './events.js'
import { formatFinding } from './format.js'
import { errorText, progressText, stoppingFindings, summaryLine, watchLines, type Write } from './human.js'
import { failureDocument, resultDocument, watchLine } from './json.js'

export interface ReporterOptions extends Pick<RunContext, 'cwd' | 'env' | 'stdout' | 'stderr' | 'json' | 'color'> {
  /** `watch --verbose`: show each run's steps (Prisma's output) as they come, not only when the run fails. */
  verbose?: boolean
}

export class Reporter {
  /** For what goes to stdout (none with `--json`). */
  readonly colors: Colors
  private readonly errColors: Colors
  /** The steps of the current `watch` run, as text. */
  private runOutput = ''

  constructor(private readonly options: ReporterOptions) {
    this.colors = colorsFor(options.json ? {} : options.stdout, { color: options.color, env: options.env })
    this.errColors = colorsFor(options.stderr, { color: options.color, env: options.env })
  }

  /** Renders one event as it happens; bound, to serve as a run context's `report`. */
  readonly event = (event: ReportEvent): void => {
    const { json, cwd } = this.options
    switch (event.type) {
      case 'run-progress': {
        const text = progressText(event.event, cwd)
        this.runOutput += text
        // Waiting for another run, and what an interrupted run left, are news even while all goes well.
        if ((this.options.verbose || event.event.type === 'lock-waiting' || event.event.type === 'leftover-removed') && text) this.options.stderr.write(text)
        return
      }
      case 'watching':
      case 'run-start':
      case 'run-done':
      case 'run-failed':
      case 'unchanged':
      case 'watcher-error':
      case 'stopped':
        if (event.type === 'run-start') this.runOutput = ''
        if (json) this.write({ to: 'stdout', text: `${JSON.stringify(watchLine(event, this.runOutput))}\n` })
        else for (const write of watchLines(event, this.runOutput, { colors: this.colors, errColors: this.errColors, cwd, clock: clock() })) this.write(write)
        return
      default: {
        // A step of a one-shot run, as it happens. Prisma's stdout stays on stdout, unless that is JSON's.
        const text = progressText(event, cwd)
        if (text) this.write({ to: event.type === 'prisma-output' && event.stream === 'stdout' && !json ? 'stdout' : 'stderr', text })
      }
    }
  }

  /** A command that finished: its findings, then its summary line, or its JSON document. */
  done(result: CommandResult): void {
    if ('findings' in result.outcome) this.findings(result.outcome.findings)
    if (this.options.json) this.write({ to: 'stdout', text: `${JSON.stringify(resultDocument(result), null, 2)}\n` })
    else this.write({ to: 'stdout', text: `${summaryLine(result, this.colors, this.options.cwd)}\n` })
  }

  /** A command that failed: the findings that stopped it and the error (with `--json` also its document). Returns the exit code it calls for. */
  failed(error: unknown): number {
    if (this.options.json) this.write({ to: 'stdout', text: `${JSON.stringify(failureDocument(error), null, 2)}\n` })
    this.findings(stoppingFindings(error))
    this.write({ to: 'stderr', text: `${errorText(error, this.errColors, this.options.cwd)}\n` })
    return error instanceof ElectrifyError ? error.exitCode : 1
  }

  private findings(findings: readonly Finding[]): void {
    for (const finding of findings) this.write({ to: 'stderr', text: `${formatFinding(finding, this.errColors, this.options.cwd)}\n` })
  }

  private write({ to, text }: Write): void {
    this.options[to].write(text)
  }
}

function clock(): string {
  return new Date().toTimeString().slice(0, 8)
}
