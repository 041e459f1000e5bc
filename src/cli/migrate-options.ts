/** The options `electrify migrate` and `electrify watch` share, defined once: commander's and their type. */
import type { Command } from 'commander'
import type { MigrateSettings } from '../commands/migrate.js'
import type { CommonFlags } from './common-options.js'
import { nonEmpty } from './usage.js'

export interface MigrateFlags extends CommonFlags {
  name?: string
  proxyUrl?: string
  /** `-e, --env <file>`: not `--env-file`, which Node.js 20 takes wherever it appears on the command line. */
  env?: string
  prisma?: string
  deploy?: boolean
  /** false with --no-preflight */
  preflight: boolean
  urlVar?: string
  shadowUrlVar?: string
  /** false with --no-wait */
  wait: boolean
}

/** Adds the shared options; what `--name`, `--deploy` and `--no-preflight` mean differs a little between the two commands. */
export function withMigrateOptions(command: Command, help: { name: string; preflight: string; deploy?: string }): Command {
  return command
    .option('-n, --name <name>', help.name, nonEmpty)
    .option('--proxy-url <url>', 'URL of the Electric migrations proxy', nonEmpty)
    .option('-e, --env <file>', 'dotenv file whose DATABASE_URL is the proxy URL (default: .env.proxy)', nonEmpty)
    .option('--prisma <command>', 'command that runs Prisma (default: node_modules/.bin/prisma)')
    .option('--deploy', help.deploy ?? 'apply with prisma migrate deploy instead of migrate dev')
    .option('--no-preflight', help.preflight)
    .option('--url-var <NAME>', 'the variable holding the URL Prisma Migrate connects with, where electrify cannot read it from the datasource')
    .option('--shadow-url-var <NAME>', 'the variable holding the shadow database URL, where electrify cannot read it')
    .option('--no-wait', "fail at once when another electrify run holds the project's lock, instead of waiting for it")
}

export function migrateSettings(flags: MigrateFlags): MigrateSettings {
  const { schema, proxyUrl, env: envFile, prisma, deploy, preflight, urlVar, shadowUrlVar, wait } = flags
  return { schema, proxyUrl, envFile, prisma, deploy, preflight, urlVar, shadowUrlVar, wait }
}
