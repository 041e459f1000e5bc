import type { Code } from '../codes.js'
import type { Finding } from '../findings.js'
import { RulesError } from './rules-error.js'

/** How a run that the rules (or Electric's answer) stopped reads, and what it carries. */
export interface RuleStop {
  code: Code
  message: string
  hint: string
  /** Every finding of the run so far, the stopping ones included: the error carries them. */
  findings: readonly Finding[]
  file?: string
  line?: number
  exitCode?: number
}

/**
 * The one gate of a run: when `checked` holds an error, the run stops with a RulesError that carries
 * the findings (the CLI lists them, `--json` puts them in its document); warnings pass. `stop` words
 * the error from the errors found.
 */
export function stopOnErrors(checked: readonly Finding[], stop: (errors: Finding[]) => RuleStop): void {
  const errors = checked.filter((f) => f.severity === 'error')
  if (errors.length === 0) return
  const { message, ...options } = stop(errors)
  throw new RulesError(message, options)
}
