/**
 * `migrate dev`'s shadow database. Without shadowDatabaseUrl, Prisma creates and drops
 * `prisma_migrate_shadow_db_<uuid>` through the main connection, which Electric's proxy connects to that
 * database: nothing to do. With one, Prisma resets the database it names before replaying the history,
 * and the proxy connects any name that does not start with `prisma_migrate_shadow_db` to Electric's own
 * database: so only such a name goes through the proxy, and anything else stops the run.
 */
import { redactUrl } from '../proxy/redact-url.js'
import type { SourcePosition } from '../schema/types.js'
import type { UrlSetting } from './datasource.js'
import { databaseName, sameServer, withDatabase } from './postgres-url.js'
import { literalUrl, refusal } from './refusals.js'
import { describeSource, resolveUrl, type Environment, type Resolved } from './resolve-url.js'
import type { Route } from './route-connections.js'

export const SHADOW_PREFIX = 'prisma_migrate_shadow_db'

export interface ShadowInput {
  /** The shadowDatabaseUrl setting, if written. */
  setting: UrlSetting | undefined
  /** A spread or expression that might set shadowDatabaseUrl where electrify cannot see. */
  hidden: (SourcePosition & { expression: string }) | undefined
  env: Environment
  proxyUrl: string
  /** `--shadow-url-var`: the variable an unreadable shadowDatabaseUrl comes from. */
  shadowUrlVar: string | undefined
}

/** Set a variable to the proxy under the shadow database's name, or just report the route. */
export type ShadowRouting = { kind: 'set'; name: string; value: string; before: string } | { kind: 'route'; route: Route }

export function routeShadow({ setting, hidden, env, proxyUrl, shadowUrlVar }: ShadowInput): ShadowRouting {
  let resolved: Resolved = setting ? resolveUrl(setting.source, env) : hidden ? { kind: 'unknown', expression: hidden.expression } : { kind: 'absent' }
  if (resolved.kind === 'unknown' && shadowUrlVar !== undefined) resolved = resolveUrl({ kind: 'env', name: shadowUrlVar, strict: false }, env)
  // A blank shadow URL is no shadow URL (prisma-engines `load_shadow_database_url`).
  if (resolved.kind === 'value' && resolved.url.trim() === '') resolved = { kind: 'absent', ...(resolved.variable ? { variable: resolved.variable } : {}) }
  switch (resolved.kind) {
    case 'absent':
      return {
        kind: 'route',
        route: {
          role: 'shadow',
          via: { kind: 'throwaway' },
          target: `${SHADOW_PREFIX}_* through the proxy`,
          ...(resolved.variable ? { note: `${resolved.variable} is not set` } : {}),
        },
      }
    case 'unknown':
      throw refusal(
        'routing/shadow-unknown',
        `cannot tell, without running it, whether \`${setting ? describeSource(setting.source) : resolved.expression}\` sets a shadow database URL, and Prisma resets that database`,
        setting ?? hidden,
        { hint: "Write shadowDatabaseUrl as env('NAME') or process.env.NAME, or name its variable with --shadow-url-var <NAME>." },
      )
    case 'unset':
      throw refusal('routing/shadow-unset', `shadowDatabaseUrl reads ${resolved.variable} with env(), which stops Prisma when it is not set`, setting, {
        hint: `Set ${resolved.variable} to a database named ${SHADOW_PREFIX}_… on Electric's database server, or read it with process.env.${resolved.variable} so that it may be left unset.`,
      })
  }
  const name = databaseName(resolved.url)
  const label = resolved.variable ? `shadowDatabaseUrl (${resolved.variable})` : 'shadowDatabaseUrl'
  if (name === undefined) {
    throw refusal('routing/shadow-invalid', `${label} is not a URL: ${redactUrl(resolved.url)}`, setting, {
      hint: `Use postgresql://user:password@host:port/${SHADOW_PREFIX}_<name>, or remove shadowDatabaseUrl.`,
    })
  }
  if (!name.startsWith(SHADOW_PREFIX)) {
    throw refusal(
      'routing/shadow-name',
      `${label} names the database "${name}". Through Electric's proxy only a database whose name starts with ` +
        `${SHADOW_PREFIX} is reached as itself; any other name reaches Electric's own database, which Prisma ` +
        'would reset (empty) before replaying the migrations. Nothing was run',
      setting,
      {
        hint:
          `Create the shadow database on Electric's database server under a name that starts with ${SHADOW_PREFIX}_ ` +
          `(for example ${SHADOW_PREFIX}_app) and point ${resolved.variable ?? 'shadowDatabaseUrl'} at it, or remove ` +
          'shadowDatabaseUrl when the database role may create databases (Prisma then creates and drops its own through the proxy).',
      },
    )
  }
  if (resolved.variable !== undefined) return { kind: 'set', name: resolved.variable, value: withDatabase(proxyUrl, name), before: resolved.url }
  // A literal can only be kept as it is.
  if (!sameServer(resolved.url, proxyUrl)) throw literalUrl('shadow', setting!, resolved.url)
  return { kind: 'route', route: { role: 'shadow', via: { kind: 'literal', file: setting!.file, line: setting!.line }, target: redactUrl(resolved.url) } }
}
