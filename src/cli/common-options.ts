/** The options every command shares, and the process's streams the commands are given. */
import type { Command } from 'commander'
import type { Input, Output } from '../run-context.js'
import { nonEmpty } from './usage.js'

export interface CommandIo {
  stdin: Input
  stdout: Output
  stderr: Output
  env: NodeJS.ProcessEnv
}

export interface CommonFlags {
  schema?: string
  cwd?: string
  json?: boolean
  /** false with --no-color */
  color: boolean
}

export function withCommonOptions(command: Command): Command {
  return command
    .option('--schema <path>', 'Prisma schema file or folder (default: found like Prisma does)', nonEmpty)
    .option('--cwd <dir>', 'run as if started in <dir>', nonEmpty)
    .option('--json', 'print one JSON document on stdout (logs go to stderr)')
    .option('--no-color', 'no colours in the output')
}
