/** The JSON forms (`--json`): a command's one document, a failure's, and `watch`'s line per event. */
import { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'
import { RulesError } from '../rules/rules-error.js'
import type { CommandResult, WatchEvent } from './events.js'

export interface ErrorDescription {
  code: string
  message: string
  file?: string
  line?: number
  hint?: string
}

/** An error as JSON: an ElectrifyError's code, message and location; anything else is `internal`, with its stack. */
export function describeError(error: unknown): ErrorDescription {
  return error instanceof ElectrifyError
    ? { code: error.code, message: error.message, file: error.file, line: error.line, hint: error.hint }
    : { code: 'internal', message: String((error as Error)?.stack ?? error) }
}

/** The findings that stopped a run ride on its error (a RulesError); other errors carry none. */
export function findingsOf(error: unknown): readonly Finding[] | undefined {
  return error instanceof RulesError ? error.findings : undefined
}

export function resultDocument(result: CommandResult): object {
  // check's, status's and deploy's outcomes say themselves whether they passed; the others passed when they returned
  return 'ok' in result.outcome ? result.outcome : { ok: true, ...result.outcome }
}

export function failureDocument(error: unknown): object {
  const findings = findingsOf(error)
  return { ok: false, error: describeError(error), ...(findings ? { findings } : {}) }
}

/** `watch --json`: one line per event, except a run's steps; a failed run's line holds the output of its steps. */
export function watchLine(event: Exclude<WatchEvent, { type: 'run-progress' }>, runOutput: string): object {
  switch (event.type) {
    case 'run-done':
      return { event: event.type, run: event.run, ok: true, ...event.outcome, durationMs: event.durationMs }
    case 'run-failed':
      return { event: event.type, run: event.run, ...failureDocument(event.error), output: runOutput, durationMs: event.durationMs }
    case 'watcher-error':
      return { event: event.type, ...failureDocument(event.error) }
    default: {
      const { type, ...rest } = event
      return { event: type, ...rest }
    }
  }
}
