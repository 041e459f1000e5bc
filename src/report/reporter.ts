/**
 * The one place commands print through. Human mode: results on stdout, findings and progress on
 * stderr. `--json` mode: exactly one JSON document on stdout, everything else on stderr.
 */
import type { Writable } from 'node:stream'
import { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'
import { colorsFor, type Colors } from './colors.js'
import { formatError, formatFinding } from './format.js'

export interface ReporterOptions {
  json?: boolean
  color?: boolean
  cwd: string
  stdout?: Writable & { isTTY?: boolean }
  stderr?: Writable & { isTTY?: boolean }
  env?: NodeJS.ProcessEnv
}

export class Reporter {
  readonly json: boolean
  readonly colors: Colors
  readonly cwd: string
  private readonly stdout: Writable
  private readonly stderr: Writable
  private readonly errColors: Colors

  constructor(options: ReporterOptions) {
    this.json = Boolean(options.json)
    this.cwd = options.cwd
    this.stdout = options.stdout ?? process.stdout
    this.stderr = options.stderr ?? process.stderr
    this.colors = colorsFor(this.json ? {} : (options.stdout ?? process.stdout), { color: options.color, env: options.env })
    this.errColors = colorsFor(options.stderr ?? process.stderr, { color: options.color, env: options.env })
  }

  /** A result line for people; suppressed in `--json` mode (the document carries it). */
  result(text: string): void {
    if (!this.json) this.stdout.write(`${text}\n`)
  }

  /** Progress and side notes; always on stderr. */
  info(text: string): void {
    this.stderr.write(`${text}\n`)
  }

  findings(findings: readonly Finding[]): void {
    for (const finding of findings) this.stderr.write(`${formatFinding(finding, this.errColors, this.cwd)}\n`)
  }

  document(value: unknown): void {
    if (this.json) this.stdout.write(`${JSON.stringify(value, null, 2)}\n`)
  }

  /** Prints a failure; returns the exit code it calls for. */
  failure(error: unknown): number {
    const known = error instanceof ElectrifyError
    if (this.json) {
      const body = known
        ? { code: error.code, message: error.message, file: error.file, line: error.line, hint: error.hint }
        : { code: 'internal', message: String((error as Error)?.stack ?? error) }
      this.stdout.write(`${JSON.stringify({ ok: false, error: body }, null, 2)}\n`)
    }
    if (known) {
      this.stderr.write(`${formatError(error, this.errColors, this.cwd)}\n`)
      return error.exitCode
    }
    this.stderr.write(`${this.errColors.red('internal error:')} ${String((error as Error)?.stack ?? error)}\n`)
    return 1
  }
}
