/** The options `electrify migrate` and `electrify watch` share, defined once: commander's and their type. */
import type { Command } from 'commander'
import type { MigrateSettings } from '../commands/migrate.js'
import { withPrismaOptions, withProxyOptions, type CommonFlags, type PrismaFlags, type ProxyFlags } from './common-options.js'
import { nonEmpty } from './usage.js'

export interface MigrateFlags extends CommonFlags, ProxyFlags, PrismaFlags {
  name?: string
  deploy?: boolean
  /** false with --no-preflight */
  preflight: boolean
  shadowUrlVar?: string
  /** false with --no-wait */
  wait: boolean
}

/** Adds the shared options; what `--name`, `--deploy` and `--no-preflight` mean differs a little between the two commands. */
export function withMigrateOptions(command: Command, help: { name: string; preflight: string; deploy?: string }): Command {
  command.option('-n, --name <name>', help.name, nonEmpty)
  return withPrismaOptions(withProxyOptions(command))
    .option('--deploy', help.deploy ?? 'apply with prisma migrate deploy instead of migrate dev')
    .option('--no-preflight', help.preflight)
    .option('--shadow-url-var <NAME>', 'the variable holding the shadow database URL, where electrify cannot read it', nonEmpty)
    .option('--no-wait', "fail at once when another electrify run holds the project's lock, instead of waiting for it")
}

export function migrateSettings(flags: MigrateFlags): MigrateSettings {
  const { schema, proxyUrl, env: envFile, prisma, deploy, preflight, urlVar, shadowUrlVar, wait } = flags
  return { schema, proxyUrl, envFile, prisma, deploy, preflight, urlVar, shadowUrlVar, wait }
}
