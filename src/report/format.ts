/** Human-readable text for findings and errors: `path:line: severity[code] message`, then the fix. */
import path from 'node:path'
import type { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'
import type { Colors } from './colors.js'

export function formatLocation(file: string | undefined, line: number | undefined, cwd: string): string {
  if (!file) return ''
  const shown = path.relative(cwd, file) || file
  return line === undefined ? shown : `${shown}:${line}`
}

export function formatFinding(finding: Finding, colors: Colors, cwd: string): string {
  const label = finding.severity === 'error' ? colors.red(colors.bold('error')) : colors.yellow(colors.bold('warning'))
  const location = formatLocation(finding.file, finding.line, cwd)
  const head = `${location ? `${colors.bold(location)}: ` : ''}${label}${colors.dim(`[${finding.code}]`)} ${finding.message}`
  return finding.hint ? `${head}\n  ${colors.cyan('fix:')} ${finding.hint}` : head
}

export function formatError(error: ElectrifyError, colors: Colors, cwd: string): string {
  return formatFinding({ severity: 'error', code: error.code, message: error.message, file: error.file, line: error.line, hint: error.hint }, colors, cwd)
}

/** `1 migration`, `2 migrations`. */
export function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`
}
