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

/** Where the proxy URL comes from (docs/one-shot.md#the-proxy-url): migrate, watch, deploy and status. */
export interface ProxyFlags {
  proxyUrl?: string
  /** `-e, --env <file>` (not `--env-file`, which Node.js 20 takes wherever it appears). */
  env?: string
}

export function withProxyOptions(command: Command): Command {
  return command
    .option('--proxy-url <url>', 'URL of the Electric migrations proxy', nonEmpty)
    .option('-e, --env <file>', 'dotenv file whose DATABASE_URL is the proxy URL (default: .env.proxy)', nonEmpty)
}

/** How Prisma is run and which variable its Migrate connection comes from: migrate, watch and deploy. */
export interface PrismaFlags {
  prisma?: string
  urlVar?: string
}

export function withPrismaOptions(command: Command): Command {
  return command
    .option('--prisma <command>', 'command that runs Prisma (default: node_modules/.bin/prisma)', nonEmpty)
    .option('--url-var <NAME>', 'the variable holding the URL Prisma Migrate connects with, where electrify cannot read it from the datasource', nonEmpty)
}

export function withCommonOptions(command: Command): Command {
  return command
    .option('--schema <path>', 'Prisma schema file or folder (default: found like Prisma does)', nonEmpty)
    .option('--cwd <dir>', 'run as if started in <dir>', nonEmpty)
    .option('--json', 'print one JSON document on stdout (logs go to stderr)')
    .option('--no-color', 'no colours in the output')
}
