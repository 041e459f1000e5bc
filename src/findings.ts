import type { Code } from './codes.js'

/**
 * A finding is something electrify noticed about the user's project: a warning that does not stop the
 * run, or an error that does. Every command reports findings the same way (human text or `--json`),
 * so every part of the core returns them in this one shape.
 */
export type Severity = 'error' | 'warning'

export interface Finding {
  severity: Severity
  /** Stable identifier, e.g. `annotation/two-slash-comment`: one of src/codes.ts, documented in docs/. */
  code: Code
  message: string
  /** Absolute path of the file the finding is about, when there is one. */
  file?: string
  /** 1-based line in `file`. */
  line?: number
  /** What to do about it, in one sentence. */
  hint?: string
}

export function hasErrors(findings: readonly Finding[]): boolean {
  return findings.some((f) => f.severity === 'error')
}
