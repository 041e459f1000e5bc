/** The options `electrify migrate` and `electrify watch` share, defined once: commander's and their type. */
import type { Command } from 'commander'
import type { MigrateSettings } from '../commands/migrate.js'
import type { CommonFlags } from './common-options.js'

export interface MigrateFlags extends CommonFlags {
  name?: string
  proxyUrl?: string
  envFile?: string
  prisma?: string
  deploy?: boolean
  /** false with --no-preflight */
  preflight: boolean
  /** false with --no-wait */
  wait: boolean
}

/** Adds the shared options; what `--name` and `--no-preflight` mean differs a little between the two commands. */
export function withMigrateOptions(command: Command, help: { name: string; preflight: string }): Command {
  return command
    .option('-n, --name <name>', help.name)
    .option('--proxy-url <url>', 'URL of the Electric migrations proxy')
    .option('--env-file <file>', 'dotenv file whose DATABASE_URL is the proxy URL (default: .env.proxy)')
    .option('--prisma <command>', 'command that runs Prisma (default: node_modules/.bin/prisma)')
    .option('--deploy', 'apply with prisma migrate deploy instead of migrate dev')
    .option('--no-preflight', help.preflight)
    .option('--no-wait', "fail at once when another electrify run holds the project's lock, instead of waiting for it")
}

export function migrateSettings(flags: MigrateFlags): MigrateSettings {
  const { schema, proxyUrl, envFile, prisma, deploy, preflight, wait } = flags
  return { schema, proxyUrl, envFile, prisma, deploy, preflight, wait }
}
