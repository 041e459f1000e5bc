/**
 * The one output door. Commands report events (events.ts) as they run and end with a result or an
 * error; the reporter alone turns them into output:
 *
 * - for people: summary and status lines on stdout; a run's steps, findings and errors on stderr,
 *   Prisma's output condensed or in full as run-steps.ts decides (with a spinner on a terminal);
 * - `--json`: stdout carries only JSON, one document per command (`done`, `failed`), or for `watch`
 *   one line per event; what is for people goes to stderr as above.
 *
 * A `watch` run's steps are kept and shown when the run fails (as they come with `verbose`).
 */
import type { Finding } from '../findings.js'
import { ElectrifyError } from '../errors.js'
import type { Input, RunContext } from '../run-context.js'
import { colorsFor, type Colors } from './colors.js'
import type { CommandResult, ReportEvent } from './events.js'
import { formatFinding } from './format.js'
import { errorText, progressText, stoppingFindings, summaryLine, watchLines, type Write } from './human.js'
import { failureDocument, resultDocument, watchLine } from './json.js'
import { RunSteps } from './run-steps.js'

export interface ReporterOptions extends Pick<RunContext, 'cwd' | 'env' | 'stdout' | 'stderr' | 'json' | 'color'> {
  /** `--verbose`: show Prisma's output as it comes (a one-shot run), each run's steps as they come (`watch`). */
  verbose?: boolean
  /** A terminal, where Prisma may ask questions: its output then goes through as soon as it asks one. */
  stdin?: Input
}

export class Reporter {
  /** For what goes to stdout (none with `--json`). */
  readonly colors: Colors
  private readonly errColors: Colors
  /** The steps of the current `watch` run, as text. */
  private runOutput = ''
  /** The steps of a one-shot run. */
  private readonly steps: RunSteps

  constructor(private readonly options: ReporterOptions) {
    this.colors = colorsFor(options.json ? {} : options.stdout, { color: options.color, env: options.env })
    this.errColors = colorsFor(options.stderr, { color: options.color, env: options.env })
    const { cwd, env, stdout, stderr, json, verbose, stdin } = options
    const interactive = Boolean(stdin?.isTTY) && env.TERM !== 'dumb' && !('CI' in env)
    this.steps = new RunSteps({ cwd, env, stdout, stderr, colors: this.errColors, json, verbose: Boolean(verbose), interactive })
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
      default:
        this.steps.event(event)
    }
  }

  /** A command that finished: its findings, then its summary line, or its JSON document. */
  done(result: CommandResult): void {
    this.steps.close()
    if ('findings' in result.outcome) this.findings(result.outcome.findings.filter((f) => !this.steps.shown.has(f)))
    if (this.options.json) this.write({ to: 'stdout', text: `${JSON.stringify(resultDocument(result), null, 2)}\n` })
    else this.write({ to: 'stdout', text: `${summaryLine(result, this.colors, this.options.cwd)}\n` })
  }

  /** A command that failed: the findings that stopped it and the error (with `--json` also its document). Returns the exit code it calls for. */
  failed(error: unknown): number {
    this.steps.close()
    if (this.options.json) this.write({ to: 'stdout', text: `${JSON.stringify(failureDocument(error), null, 2)}\n` })
    this.findings(stoppingFindings(error).filter((f) => !this.steps.shown.has(f)))
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
