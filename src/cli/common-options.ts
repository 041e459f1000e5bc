/** Options every command shares, and the reporter they configure. */
import path from 'node:path'
import type { Command } from 'commander'
import type { Writable } from 'node:stream'
import { Reporter } from '../report/reporter.js'

export interface CommandIo {
  stdout: Writable & { isTTY?: boolean }
  stderr: Writable & { isTTY?: boolean }
  env: NodeJS.ProcessEnv
}

export interface CommonFlags {
  schema?: string
  cwd?: string
  json?: boolean
  color: boolean
}

export function withCommonOptions(command: Command): Command {
  return command
    .option('--schema <path>', 'Prisma schema file or folder (default: found like Prisma does)')
    .option('--cwd <dir>', 'run as if started in <dir>')
    .option('--json', 'print one JSON document on stdout (logs go to stderr)')
    .option('--no-color', 'no colours in the output')
}

export function reporterFor(flags: CommonFlags, io: CommandIo): Reporter {
  const cwd = path.resolve(flags.cwd ?? process.cwd())
  return new Reporter({ json: flags.json, color: flags.color, cwd, stdout: io.stdout, stderr: io.stderr, env: io.env })
}
