import type { Code } from './codes.js'

/**
 * An error electrify expects and explains: bad input, a missing file, a usage mistake. The CLI prints
 * its message (with file:line and hint) without a stack trace; anything else is an internal error.
 */
export class ElectrifyError extends Error {
  /** Stable identifier, e.g. `schema/invalid`, `project/schema-not-found`: one of src/codes.ts. */
  readonly code: Code
  readonly file?: string
  readonly line?: number
  readonly hint?: string
  /** 1 for a failure, 2 for a usage error (bad flag, missing argument), 130 when interrupted, or a child's own code. */
  readonly exitCode: number

  constructor(
    message: string,
    options: { code: Code; file?: string; line?: number; hint?: string; exitCode?: number; cause?: unknown },
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'ElectrifyError'
    this.code = options.code
    this.file = options.file
    this.line = options.line
    this.hint = options.hint
    this.exitCode = options.exitCode ?? 1
  }
}
