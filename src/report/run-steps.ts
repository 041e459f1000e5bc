/**
 * How the steps of a one-shot run look for people (the reporter's policy over the run events):
 *
 * - electrify's own lines start with `electrify:` (bold when coloured); Prisma's lines that it keeps
 *   are indented under a `prisma │` gutter, so the two never mix up;
 * - a Prisma step shows a spinner while it runs, on a terminal only (never with `--json`, never when
 *   stderr is not a terminal), then one line with ✓ or ✗ and its time;
 * - Prisma's output is kept while the step runs: condensed to the lines that say what Prisma did when
 *   it succeeds, shown in full when it fails, passed through as it comes with `--verbose`;
 * - when Prisma asks a question in a terminal (a data-loss confirmation), what it printed so far and
 *   the rest of the step are passed through as they come, so that the question can be answered;
 * - warnings found before Prisma runs (annotations, Electric's rules) are shown then, not at the end.
 *
 * Terminal control codes are removed from Prisma's output unless it goes to a terminal as it comes.
 */
import yoctoSpinner, { type Spinner } from 'yocto-spinner'
import type { Finding } from '../findings.js'
import type { Output } from '../run-context.js'
import type { Colors } from './colors.js'
import type { DeployEvent, RunEvent, StatusEvent } from './events.js'
import { formatFinding } from './format.js'
import { electrifyLine, prismaLines, stepEndText, stepRunningText } from './human.js'
import { cleanOutput, condenseOutput } from './prisma-output.js'

export interface RunStepsOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  stdout: Output
  stderr: Output
  /** For stderr, where the steps go. */
  colors: Colors
  json: boolean
  verbose: boolean
  /** Prisma can ask questions: its stdin is a terminal (and CI is not set). */
  interactive: boolean
}

export class RunSteps {
  private spinner: Spinner | undefined
  /** The running Prisma step. */
  private step: Extract<RunEvent, { type: 'prisma-start' }> | undefined
  /** Prisma's output of the running step, as it came. */
  private output = ''
  /** Prisma's output goes straight through (`--verbose`, or Prisma asked a question). */
  private live = false
  /** The findings already shown before Prisma ran, not to be repeated with the result. */
  readonly shown = new Set<Finding>()

  constructor(private readonly options: RunStepsOptions) {}

  event(event: RunEvent | DeployEvent | StatusEvent): void {
    const { colors, cwd } = this.options
    switch (event.type) {
      case 'findings':
        for (const finding of event.findings) {
          this.shown.add(finding)
          this.err(`${formatFinding(finding, colors, cwd)}\n`)
        }
        return
      case 'prisma-start':
        this.step = event
        this.output = ''
        this.live = this.options.verbose
        if (this.live) this.err(electrifyLine(event, colors, cwd))
        else if (this.canSpin()) this.spinner = yoctoSpinner({ text: stepRunningText(event), stream: this.options.stderr, handleSignals: false }).start()
        return
      case 'prisma-output':
        if (this.live) this.passThrough(event.stream, event.text)
        else {
          this.output += event.text
          if (this.options.interactive && event.stream === 'stdout' && asksQuestion(event.text)) this.goLive()
        }
        return
      case 'prisma-end': {
        this.stopSpinner()
        const ok = event.exitCode === 0 && !event.aborted
        if (this.step) this.err(stepEndText(this.step, event, colors))
        if (!this.live) {
          const text = cleanOutput(this.output, false)
          if (ok) this.err(prismaLines(condenseOutput(text), colors))
          else if (text.trim()) this.err(`${text.trimEnd()}\n`)
        }
        this.output = ''
        this.live = false
        return
      }
      default:
        this.err(electrifyLine(event, colors, cwd))
    }
  }

  /** Stops a spinner left running (a failure between two events). */
  close(): void {
    this.stopSpinner()
  }

  private canSpin(): boolean {
    const { stderr, env, json } = this.options
    return !json && Boolean(stderr.isTTY) && env.TERM !== 'dumb' && !('CI' in env)
  }

  private stopSpinner(): void {
    this.spinner?.stop()
    this.spinner = undefined
  }

  /** Prisma asked something: show what it said so far, and the rest as it comes, so it can be answered. */
  private goLive(): void {
    this.stopSpinner()
    this.live = true
    this.passThrough('stdout', this.output)
    this.output = ''
  }

  /** Prisma's output as it comes: its stdout on stdout (on stderr with `--json`), cleaned unless for a terminal. */
  private passThrough(stream: 'stdout' | 'stderr', text: string): void {
    const to = stream === 'stdout' && !this.options.json ? this.options.stdout : this.options.stderr
    to.write(to.isTTY ? text : cleanOutput(text, false))
  }

  private err(text: string): void {
    if (text) this.options.stderr.write(text)
  }
}

/**
 * A question from Prisma (the `prompts` library it uses hides the cursor and draws `? question ›`),
 * which would wait unseen behind a spinner.
 */
function asksQuestion(text: string): boolean {
  return text.includes('\u001b[?25l') || /(^|\n)\s*(\u001b\[[0-9;]*m)*\?(\u001b\[[0-9;]*m)* .*›/.test(text)
}
