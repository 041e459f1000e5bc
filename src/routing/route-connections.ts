/**
 * Decides how every connection Prisma Migrate makes reaches Electric's proxy: which environment variables
 * to set and which arguments to add, from what the project's datasource says (read statically), the
 * installed Prisma's major version and the command. Pure: no file, no process, no network. Refuses,
 * before Prisma runs, whatever would bypass the proxy or let Prisma reset Electric's database.
 *
 * What Prisma does, which the rules below follow:
 * - Prisma 5/6 read url, directUrl and shadowDatabaseUrl from the schema; Migrate connects to directUrl
 *   when there is one, else to url, and both variables must be set (P1012). With `engine: 'classic'`,
 *   prisma.config.ts's datasource replaces them; a driver adapter (`engine: 'js'`) connects in code.
 * - Prisma 7 reads only prisma.config.ts's `datasource { url, shadowDatabaseUrl }`; `migrate dev --url`
 *   replaces url, and no other migrate command has the flag.
 * - The shadow database of `migrate dev`: see shadow-database.ts.
 */
import path from 'node:path'
import { redactUrl } from '../proxy/redact-url.js'
import type { SourcePosition } from '../schema/types.js'
import type { DatasourceDescription, DatasourceUrls, UrlSetting, UrlSource } from './datasource.js'
import { sameServer } from './postgres-url.js'
import { literalUrl, refusal, unknownUrl } from './refusals.js'
import { decidingSource, describeSource, type Environment } from './resolve-url.js'
import { routeShadow } from './shadow-database.js'

/** `migrate dev --create-only` is `migrate dev` here: it replays the history on a shadow database too. */
export type MigrateCommand = 'migrate dev' | 'migrate deploy' | 'migrate status' | 'migrate resolve' | 'migrate reset'

export interface RoutingOverride {
  /** `--url-var <NAME>`: the variable the URL Migrate connects with comes from, where electrify cannot read it. */
  urlVar?: string
  /** `--shadow-url-var <NAME>`: the same for the shadow database URL. */
  shadowUrlVar?: string
}

export interface RoutingInput {
  datasource: DatasourceDescription
  /** The installed Prisma's major version; when unknown, the datasource's style decides (a schema url: 6, else 7). */
  prismaMajor?: number
  command: MigrateCommand
  proxyUrl: string
  /** The variables the Prisma child would see without electrify: the environment and the `.env` files loaded. */
  env: Environment
  override?: RoutingOverride
}

export type RouteRole = 'main' | 'direct' | 'shadow'

export interface Route {
  /** `main`: url; `direct`: directUrl (Migrate's connection when present); `shadow`: the shadow database. */
  role: RouteRole
  /** What carries it: a variable electrify sets, the `--url` flag, a literal in a file, or Prisma's own throwaway database. */
  via: { kind: 'env'; name: string } | { kind: 'flag'; name: '--url' } | ({ kind: 'literal' } & SourcePosition) | { kind: 'throwaway' }
  /** Where it goes, password redacted. */
  target: string
  /** What the variable held before, password redacted, when electrify replaces a different value. */
  replaces?: string
  /** Why, when it is not plain: "Migrate uses directUrl", "assumed: the driver adapter reads it"… */
  note?: string
}

export interface Routing {
  /** Variables to set for the Prisma child, on top of its inherited environment. */
  env: Record<string, string>
  /** Arguments to add to the Prisma command. */
  args: string[]
  /** What goes where, for the progress line and `--json`. */
  routes: Route[]
}

export function routeConnections(input: RoutingInput): Routing {
  const router = new Router(input)
  const major = input.prismaMajor ?? (input.datasource.schema?.urls.url || input.datasource.schema?.urls.directUrl ? 6 : 7)
  if (major >= 7) router.prisma7()
  else router.prisma6()
  router.applyUrlVar()
  const order: RouteRole[] = ['main', 'direct', 'shadow']
  return { env: router.env, args: router.args, routes: router.routes.sort((a, b) => order.indexOf(a.role) - order.indexOf(b.role)) }
}

class Router {
  readonly env: Record<string, string> = {}
  readonly args: string[] = []
  readonly routes: Route[] = []
  private readonly proxy: string

  constructor(private readonly input: RoutingInput) {
    this.proxy = redactUrl(input.proxyUrl)
  }

  prisma6(): void {
    const { schema, config } = this.input.datasource
    if (config?.kind === 'adapter') {
      if (schema) this.validatedOnly(schema.urls, 'checked by Prisma; the driver adapter connects')
      this.adapterMain(schema?.urls, config.reads, config)
      this.shadow(schema?.urls.shadowDatabaseUrl)
      return
    }
    if (config?.kind === 'unknown') {
      // A hidden `engine` or `adapter` would change which settings Prisma uses.
      if (this.input.override?.urlVar === undefined) throw unknownUrl(config, config.expression)
      if (schema) this.validatedOnly(schema.urls, `checked by Prisma; ${path.basename(config.file)} may connect otherwise (--url-var)`)
      this.shadow(schema?.urls.shadowDatabaseUrl, config)
      return
    }
    if (config?.kind === 'datasource' && config.engine === 'classic') {
      if (schema) this.validatedOnly(schema.urls, `checked by Prisma; ${path.basename(config.file)}'s datasource is used`)
      this.main(config.urls)
      this.shadow(config.urls.shadowDatabaseUrl, config.urls.hidden)
      return
    }
    // No config, or one that leaves connecting to the schema (Prisma 6 ignores a datasource without engine: 'classic').
    if (!schema) {
      throw refusal('routing/no-url', 'the schema has no datasource block', undefined, {
        hint: 'Add `datasource db { provider = "postgresql"  url = env("DATABASE_URL") }` to the schema.',
      })
    }
    this.main(schema.urls, schema)
    this.shadow(schema.urls.shadowDatabaseUrl)
  }

  prisma7(): void {
    const { config } = this.input.datasource
    const urls = config?.kind === 'datasource' ? config.urls : undefined
    // Where a datasource setting might be that electrify cannot see.
    const hidden = urls?.hidden ?? (config?.kind === 'unknown' ? config : undefined)
    const setting = urls?.url
    const deciding = setting && decidingSource(setting.source, this.input.env)
    if (setting && (deciding?.kind === 'env' || (deciding?.kind === 'literal' && sameServer(deciding.url, this.input.proxyUrl)))) {
      this.connection('main', setting, deciding)
    } else if (this.input.command === 'migrate dev') {
      // Whatever the config computes, `--url` replaces it for this command.
      this.args.push('--url', this.input.proxyUrl)
      this.routes.push({ role: 'main', via: { kind: 'flag', name: '--url' }, target: this.proxy, ...(setting ? { note: `replaces ${describeSource(setting.source)}` } : {}) })
    } else if (deciding?.kind === 'literal') {
      throw literalUrl('main', setting!, deciding.url)
    } else if (this.input.override?.urlVar === undefined) {
      if (setting) throw unknownUrl(setting, describeSource(setting.source))
      if (hidden) throw unknownUrl(hidden, hidden.expression)
      const name = config ? path.basename(config.file) : 'The project'
      throw refusal('routing/no-url', `${name} sets no datasource url, which Prisma 7's \`${this.input.command}\` needs (it has no --url)`, config && 'line' in config ? config : undefined, {
        hint: "Add `datasource: { url: env('DATABASE_URL') }` to prisma.config.ts: electrify points that variable at the proxy.",
      })
    }
    this.shadow(urls?.shadowDatabaseUrl, hidden)
  }

  /** `--url-var`: where electrify could not tell, the user names the variable; set it whatever else is set. */
  applyUrlVar(): void {
    const name = this.input.override?.urlVar
    if (name === undefined || name in this.env) return
    this.setVariable('main', name, this.input.proxyUrl, '--url-var')
  }

  /** url and directUrl as Migrate uses them: directUrl when there is one. */
  private main(urls: DatasourceUrls, schema?: SourcePosition): void {
    const used = urls.directUrl ?? urls.url
    if (used === undefined) {
      if (urls.hidden === undefined) {
        throw refusal('routing/no-url', `the datasource ${schema ? 'block' : 'in prisma.config.ts'} has no url, which Prisma 5 and 6 need`, schema, {
          hint: 'Add `url = env("DATABASE_URL")` (prisma.config.ts: `url: env(\'DATABASE_URL\')`): electrify points that variable at the proxy.',
        })
      }
      if (this.input.override?.urlVar === undefined) throw unknownUrl(urls.hidden, urls.hidden.expression)
      return
    }
    for (const [role, setting] of [['main', urls.url], ['direct', urls.directUrl]] as const) {
      if (setting === undefined) continue
      if (setting !== used) {
        this.unused(role, setting, 'checked by Prisma; Migrate uses directUrl')
        continue
      }
      const deciding = decidingSource(setting.source, this.input.env)
      if (deciding?.kind === 'unknown' || deciding === undefined) {
        if (this.input.override?.urlVar === undefined) throw unknownUrl(setting, describeSource(setting.source))
        continue
      }
      if (deciding.kind === 'literal' && !sameServer(deciding.url, this.input.proxyUrl)) throw literalUrl(role, setting, deciding.url)
      this.connection(role, setting, deciding, urls.directUrl && role === 'direct' ? 'Migrate connects here (directUrl)' : undefined)
    }
  }

  /** A setting Prisma checks (P1012) but Migrate does not connect with: point its variable at the proxy too. */
  private validatedOnly(urls: DatasourceUrls, note: string): void {
    for (const [role, setting] of [['main', urls.url], ['direct', urls.directUrl]] as const) {
      if (setting) this.unused(role, setting, note)
    }
  }

  private unused(role: 'main' | 'direct', setting: UrlSetting, note: string): void {
    const deciding = decidingSource(setting.source, this.input.env)
    if (deciding?.kind === 'env') this.setVariable(role, deciding.name, this.input.proxyUrl, note)
    else if (deciding?.kind === 'literal') this.routes.push({ role, via: { kind: 'literal', file: setting.file, line: setting.line }, target: redactUrl(deciding.url), note: `${note}; not routed` })
  }

  /** A connection electrify routes: its variable now names the proxy, or its literal already does. */
  private connection(role: RouteRole, setting: UrlSetting, deciding: UrlSource, note?: string): void {
    if (deciding.kind === 'env') this.setVariable(role, deciding.name, this.input.proxyUrl, note)
    else this.routes.push({ role, via: { kind: 'literal', file: setting.file, line: setting.line }, target: this.proxy, ...(note ? { note } : {}) })
  }

  /**
   * A Prisma 6 driver adapter builds its connection in code. The schema's variable counts as its URL when
   * the config reads it too (as the offline recipes do); otherwise `--url-var` must say which it reads.
   */
  private adapterMain(urls: DatasourceUrls | undefined, reads: readonly string[], at: SourcePosition): void {
    if (this.input.override?.urlVar !== undefined) return // applyUrlVar() routes it
    const used = urls && (urls.directUrl ?? urls.url)
    const deciding = used && decidingSource(used.source, this.input.env)
    if (deciding?.kind === 'env' && reads.includes(deciding.name)) {
      const route = this.routes.find((r) => r.via.kind === 'env' && r.via.name === deciding.name)
      if (route) route.note = `assumed: the driver adapter in ${path.basename(at.file)} reads it too`
      return
    }
    const candidates = reads.length === 0 ? 'reads no environment variable electrify can see' : `reads ${reads.join(', ')}`
    throw refusal('routing/adapter-url-unknown', `cannot tell which URL the driver adapter in ${path.basename(at.file)} connects with (the file ${candidates})`, at, {
      hint: 'Name the variable that holds its connection URL with --url-var <NAME>: electrify points it at the proxy.',
    })
  }

  /** `migrate dev`'s shadow database (see shadow-database.ts). */
  private shadow(setting: UrlSetting | undefined, hidden?: SourcePosition & { expression: string }): void {
    if (this.input.command !== 'migrate dev') return
    const { env, proxyUrl, override } = this.input
    const shadow = routeShadow({ setting, hidden, env, proxyUrl, shadowUrlVar: override?.shadowUrlVar })
    if (shadow.kind === 'set') this.setVariable('shadow', shadow.name, shadow.value, undefined, shadow.before)
    else this.routes.push(shadow.route)
  }

  private setVariable(role: RouteRole, name: string, value: string, note?: string, before = this.input.env[name]): void {
    this.env[name] = value
    const replaces = before !== undefined && before !== '' && before !== value ? { replaces: redactUrl(before) } : {}
    this.routes.push({ role, via: { kind: 'env', name }, target: redactUrl(value), ...replaces, ...(note ? { note } : {}) })
  }
}

