import type { Code } from '../codes.js'
import { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'

/**
 * A run stopped by electrify's own checks of Electric's rules (or by Electric's answer, explained):
 * an ElectrifyError that also carries the findings, so the CLI can list them and put them in `--json`.
 */
export class RulesError extends ElectrifyError {
  readonly findings: readonly Finding[]

  constructor(message: string, options: { code: Code; findings: readonly Finding[]; file?: string; line?: number; hint?: string; exitCode?: number }) {
    super(message, options)
    this.name = 'RulesError'
    this.findings = options.findings
  }
}
