import { describe, expect, it } from 'vitest'
import { ElectrifyError } from '../../src/errors.js'
import type { ConfigConnection, DatasourceDescription, DatasourceUrls, UrlSetting, UrlSource } from '../../src/routing/datasource.js'
import { formatRoute } from '../../src/routing/format-routes.js'
import { routeConnections, type MigrateCommand, type RoutingInput } from '../../src/routing/route-connections.js'

const PROXY = 'postgresql://postgres:proxy_password@localhost:65432/app'
const SHOWN = 'postgresql://postgres:****@localhost:65432/app'
const SCHEMA = '/p/prisma/schema.prisma'
const CONFIG = '/p/prisma.config.ts'

const env = (name: string, strict = true): UrlSource => ({ kind: 'env', name, strict })
const literal = (url: string): UrlSource => ({ kind: 'literal', url })
const at = (file: string, line: number) => (source: UrlSource): UrlSetting => ({ source, file, line })
const inConfig = at(CONFIG, 5)

/** A Prisma 5/6 schema datasource: url on line 3, directUrl on 4, shadowDatabaseUrl on 5. */
function schema(urls: { url?: UrlSource; directUrl?: UrlSource; shadowDatabaseUrl?: UrlSource }): DatasourceDescription {
  const settings: DatasourceUrls = {}
  if (urls.url) settings.url = at(SCHEMA, 3)(urls.url)
  if (urls.directUrl) settings.directUrl = at(SCHEMA, 4)(urls.directUrl)
  if (urls.shadowDatabaseUrl) settings.shadowDatabaseUrl = at(SCHEMA, 5)({ ...urls.shadowDatabaseUrl, ...(urls.shadowDatabaseUrl.kind === 'env' ? { strict: false } : {}) })
  return { schema: { file: SCHEMA, line: 1, urls: settings } }
}

/** A Prisma 7 project: a schema without URLs and this config. */
function config(connection: ConfigConnection): DatasourceDescription {
  return { schema: { file: SCHEMA, line: 1, urls: {} }, config: connection }
}
const datasource = (urls: DatasourceUrls): ConfigConnection => ({ kind: 'datasource', file: CONFIG, line: 4, urls })

function route(datasource: DatasourceDescription, options: Partial<RoutingInput> & { command?: MigrateCommand } = {}) {
  return routeConnections({ datasource, prismaMajor: 6, command: 'migrate dev', proxyUrl: PROXY, env: {}, ...options })
}

function refusal(run: () => unknown): ElectrifyError {
  try {
    run()
  } catch (e) {
    expect(e).toBeInstanceOf(ElectrifyError)
    return e as ElectrifyError
  }
  throw new Error('expected a refusal')
}

const throwaway = { role: 'shadow', via: { kind: 'throwaway' }, target: 'prisma_migrate_shadow_db_* through the proxy' }

describe('Prisma 5/6, URLs in the schema', () => {
  it('points url = env("DATABASE_URL") at the proxy; the shadow database is Prisma\'s own', () => {
    const routing = route(schema({ url: env('DATABASE_URL') }), { env: { DATABASE_URL: 'postgresql://app:secret@db:5432/app' } })
    expect(routing).toEqual({
      env: { DATABASE_URL: PROXY },
      args: [],
      routes: [{ role: 'main', via: { kind: 'env', name: 'DATABASE_URL' }, target: SHOWN, replaces: 'postgresql://app:****@db:5432/app' }, throwaway],
    })
  })

  it('sets whatever variable the schema names', () => {
    expect(route(schema({ url: env('PRISMA_DATABASE_URL') })).env).toEqual({ PRISMA_DATABASE_URL: PROXY })
  })

  it('url + directUrl: Migrate connects to directUrl, and both variables are set (Prisma checks both)', () => {
    const routing = route(schema({ url: env('POOLED_URL'), directUrl: env('DIRECT_URL') }), { command: 'migrate deploy' })
    expect(routing.env).toEqual({ POOLED_URL: PROXY, DIRECT_URL: PROXY })
    expect(routing.args).toEqual([])
    expect(routing.routes).toEqual([
      { role: 'main', via: { kind: 'env', name: 'POOLED_URL' }, target: SHOWN, note: 'checked by Prisma; Migrate uses directUrl' },
      { role: 'direct', via: { kind: 'env', name: 'DIRECT_URL' }, target: SHOWN, note: 'Migrate connects here (directUrl)' },
    ])
  })

  it('refuses a literal url that is not the proxy, at its line, before Prisma runs', () => {
    const error = refusal(() => route(schema({ url: literal('postgresql://app:secret@db.internal:5432/app') })))
    expect(error).toMatchObject({ code: 'routing/literal-url', file: SCHEMA, line: 3 })
    expect(error.message).toContain('postgresql://app:****@db.internal:5432/app')
    expect(error.message).not.toContain('secret')
    expect(error.hint).toContain('env("DATABASE_URL")')
  })

  it('accepts a literal url that already is the proxy (127.0.0.1 and localhost are one host)', () => {
    const routing = route(schema({ url: literal('postgresql://postgres:proxy_password@127.0.0.1:65432/app') }), { command: 'migrate status' })
    expect(routing).toEqual({ env: {}, args: [], routes: [{ role: 'main', via: { kind: 'literal', file: SCHEMA, line: 3 }, target: SHOWN }] })
  })

  it('leaves a literal url alone when directUrl is what Migrate uses', () => {
    const routing = route(schema({ url: literal('postgresql://app:secret@pooler:6543/app'), directUrl: env('DIRECT_URL') }), { command: 'migrate deploy' })
    expect(routing.env).toEqual({ DIRECT_URL: PROXY })
    expect(routing.routes[0]).toMatchObject({ role: 'main', via: { kind: 'literal' }, note: 'checked by Prisma; Migrate uses directUrl; not routed' })
  })

  it('refuses a literal directUrl that is not the proxy', () => {
    expect(refusal(() => route(schema({ url: env('POOLED_URL'), directUrl: literal('postgresql://db:5432/app') })))).toMatchObject({ code: 'routing/literal-url', line: 4 })
  })

  it('refuses a datasource without url', () => {
    expect(refusal(() => route(schema({})))).toMatchObject({ code: 'routing/no-url', file: SCHEMA })
    expect(refusal(() => route({}))).toMatchObject({ code: 'routing/no-url' })
  })
})

describe('shadowDatabaseUrl', () => {
  const withShadow = schema({ url: env('DATABASE_URL'), directUrl: env('DIRECT_URL'), shadowDatabaseUrl: env('SHADOW_DATABASE_URL') })

  it('routes a shadow database named prisma_migrate_shadow_db… through the proxy under its name', () => {
    const routing = route(withShadow, { env: { SHADOW_DATABASE_URL: 'postgresql://app:secret@db:5432/prisma_migrate_shadow_db_app' } })
    expect(routing.env).toEqual({ DATABASE_URL: PROXY, DIRECT_URL: PROXY, SHADOW_DATABASE_URL: 'postgresql://postgres:proxy_password@localhost:65432/prisma_migrate_shadow_db_app' })
    expect(routing.routes.at(-1)).toEqual({
      role: 'shadow',
      via: { kind: 'env', name: 'SHADOW_DATABASE_URL' },
      target: 'postgresql://postgres:****@localhost:65432/prisma_migrate_shadow_db_app',
      replaces: 'postgresql://app:****@db:5432/prisma_migrate_shadow_db_app',
    })
  })

  it('refuses any other name: through the proxy it would be Electric\'s database, which Prisma resets', () => {
    const error = refusal(() => route(withShadow, { env: { SHADOW_DATABASE_URL: 'postgresql://app:secret@db:5432/app_shadow' } }))
    expect(error).toMatchObject({ code: 'routing/shadow-name', file: SCHEMA, line: 5 })
    expect(error.message).toContain('"app_shadow"')
    expect(error.message).toContain('reset')
    expect(error.hint).toContain('prisma_migrate_shadow_db_')
    expect(error.hint).toContain('remove shadowDatabaseUrl')
  })

  it("uses Prisma's throwaway database when the variable is unset or empty", () => {
    expect(route(withShadow).routes.at(-1)).toEqual({ ...throwaway, note: 'SHADOW_DATABASE_URL is not set' })
    expect(route(withShadow, { env: { SHADOW_DATABASE_URL: '' } }).routes.at(-1)).toMatchObject(throwaway)
  })

  it('does not look at it for commands that use no shadow database', () => {
    const shadowEnv = { SHADOW_DATABASE_URL: 'postgresql://app:secret@db:5432/app_shadow' }
    for (const command of ['migrate deploy', 'migrate status', 'migrate resolve', 'migrate reset'] as const) {
      const routing = route(withShadow, { command, env: shadowEnv })
      expect(routing.env).toEqual({ DATABASE_URL: PROXY, DIRECT_URL: PROXY })
      expect(routing.routes.map((r) => r.role)).toEqual(['main', 'direct'])
    }
  })

  it('accepts a literal shadow URL only when it already goes through the proxy under a shadow name', () => {
    const ok = route(schema({ url: env('DATABASE_URL'), shadowDatabaseUrl: literal('postgresql://postgres:proxy_password@localhost:65432/prisma_migrate_shadow_db_x') }))
    expect(ok.routes.at(-1)).toMatchObject({ role: 'shadow', via: { kind: 'literal', line: 5 } })
    expect(refusal(() => route(schema({ url: env('DATABASE_URL'), shadowDatabaseUrl: literal('postgresql://db:5432/prisma_migrate_shadow_db_x') })))).toMatchObject({
      code: 'routing/literal-url',
      line: 5,
    })
    expect(refusal(() => route(schema({ url: env('DATABASE_URL'), shadowDatabaseUrl: literal('postgresql://postgres:p@localhost:65432/shadow') })))).toMatchObject({
      code: 'routing/shadow-name',
    })
  })

  it('refuses a shadow value that is not a URL', () => {
    expect(refusal(() => route(withShadow, { env: { SHADOW_DATABASE_URL: 'not a url' } }))).toMatchObject({ code: 'routing/shadow-invalid' })
  })
})

describe("Prisma 6's prisma.config.ts", () => {
  it("engine: 'classic': the config's datasource is used; the schema's variables, still checked, point at the proxy too", () => {
    const description: DatasourceDescription = {
      ...schema({ url: env('SCHEMA_URL') }),
      config: { kind: 'datasource', file: CONFIG, line: 4, engine: 'classic', urls: { url: inConfig(env('DATABASE_URL')), directUrl: at(CONFIG, 6)(env('DIRECT_URL')) } },
    }
    const routing = route(description)
    expect(routing.env).toEqual({ SCHEMA_URL: PROXY, DATABASE_URL: PROXY, DIRECT_URL: PROXY })
    expect(routing.routes.map((r) => `${r.role} ${r.via.kind === 'env' ? r.via.name : r.via.kind}`)).toEqual([
      'main SCHEMA_URL',
      'main DATABASE_URL',
      'direct DIRECT_URL',
      'shadow throwaway',
    ])
  })

  it("ignores a datasource without engine: 'classic', as Prisma 6 does", () => {
    const routing = route({ ...schema({ url: env('DATABASE_URL') }), config: datasource({ url: inConfig(env('OTHER')) }) })
    expect(routing.env).toEqual({ DATABASE_URL: PROXY })
  })

  const adapter: ConfigConnection = { kind: 'adapter', file: CONFIG, line: 8, reads: ['PRISMA_QUERY_ENGINE_LIBRARY', 'DATABASE_URL'] }

  it("a driver adapter: assumes it connects with the schema's variable when the config reads that variable too", () => {
    const routing = route({ ...schema({ url: env('DATABASE_URL') }), config: adapter })
    expect(routing.env).toEqual({ DATABASE_URL: PROXY })
    expect(routing.routes[0]).toEqual({ role: 'main', via: { kind: 'env', name: 'DATABASE_URL' }, target: SHOWN, note: 'assumed: the driver adapter in prisma.config.ts reads it too' })
  })

  it('a driver adapter that reads another variable: says it cannot tell and names --url-var', () => {
    const description = { ...schema({ url: env('DB_URL') }), config: { ...adapter, reads: ['PGHOST', 'PGPASSWORD'] } }
    const error = refusal(() => route(description))
    expect(error).toMatchObject({ code: 'routing/adapter-url-unknown', file: CONFIG, line: 8 })
    expect(error.message).toContain('PGHOST, PGPASSWORD')
    expect(error.hint).toContain('--url-var <NAME>')
    const routing = route(description, { override: { urlVar: 'ADAPTER_URL' } })
    expect(routing.env).toEqual({ DB_URL: PROXY, ADAPTER_URL: PROXY })
    expect(routing.routes.at(-2)).toEqual({ role: 'main', via: { kind: 'env', name: 'ADAPTER_URL' }, target: SHOWN, note: '--url-var' })
  })

  it('a config it cannot read: refuses unless --url-var (and --shadow-url-var for migrate dev) settle it', () => {
    const description = { ...schema({ url: env('DATABASE_URL') }), config: { kind: 'unknown', file: CONFIG, line: 3, expression: '{ …spread }' } as const }
    expect(refusal(() => route(description, { command: 'migrate deploy' }))).toMatchObject({ code: 'routing/url-unknown', file: CONFIG, line: 3 })
    expect(route(description, { command: 'migrate deploy', override: { urlVar: 'DATABASE_URL' } }).env).toEqual({ DATABASE_URL: PROXY })
    expect(refusal(() => route(description, { override: { urlVar: 'DATABASE_URL' } }))).toMatchObject({ code: 'routing/shadow-unknown' })
    const routing = route(description, { override: { urlVar: 'DATABASE_URL', shadowUrlVar: 'SHADOW_URL' } })
    expect(routing.routes.at(-1)).toEqual({ ...throwaway, note: 'SHADOW_URL is not set' })
  })
})

describe('Prisma 7, URLs in prisma.config.ts', () => {
  const route7 = (description: DatasourceDescription, options: Partial<RoutingInput> = {}) => route(description, { prismaMajor: 7, ...options })

  it("env('DB_URL'): sets that variable, for every command (no --url needed)", () => {
    const description = config(datasource({ url: inConfig(env('DB_URL')) }))
    for (const command of ['migrate dev', 'migrate deploy', 'migrate status'] as const) {
      const routing = route7(description, { command })
      expect(routing.env).toEqual({ DB_URL: PROXY })
      expect(routing.args).toEqual([])
    }
  })

  it('process.env.X: the same; an unset process.env shadow means no shadow database', () => {
    const description = config(datasource({ url: inConfig(env('DATABASE_URL', false)), shadowDatabaseUrl: at(CONFIG, 6)(env('SHADOW_DATABASE_URL', false)) }))
    expect(route7(description).routes).toEqual([{ role: 'main', via: { kind: 'env', name: 'DATABASE_URL' }, target: SHOWN }, { ...throwaway, note: 'SHADOW_DATABASE_URL is not set' }])
    const prefixed = route7(description, { env: { SHADOW_DATABASE_URL: 'postgresql://u:p@db/prisma_migrate_shadow_db_1' } })
    expect(prefixed.env.SHADOW_DATABASE_URL).toBe('postgresql://postgres:proxy_password@localhost:65432/prisma_migrate_shadow_db_1')
    expect(refusal(() => route7(description, { env: { SHADOW_DATABASE_URL: 'postgresql://u:p@db/shadow' } }))).toMatchObject({ code: 'routing/shadow-name', file: CONFIG, line: 6 })
  })

  it("a || b and a ?? 'placeholder': sets the first variable, which then wins", () => {
    const either = { kind: 'either', operator: '||', options: [env('DIRECT_DATABASE_URL', false), env('DATABASE_URL', false)] } as const
    expect(route7(config(datasource({ url: inConfig(either) })), { command: 'migrate deploy' }).env).toEqual({ DIRECT_DATABASE_URL: PROXY })
    const placeholder = { kind: 'either', operator: '??', options: [env('DATABASE_URL'), literal('postgresql://placeholder:placeholder@localhost:5432/placeholder')] } as const
    expect(route7(config(datasource({ url: inConfig(placeholder) })), { command: 'migrate deploy' }).env).toEqual({ DATABASE_URL: PROXY })
  })

  it('a conditional shadowDatabaseUrl (the offline recipe): follows the branch the environment selects', () => {
    const shadow = { kind: 'conditional', test: env('SHADOW_DATABASE_URL', false), then: env('SHADOW_DATABASE_URL', false) } as const
    const description = config(datasource({ url: inConfig(env('DATABASE_URL')), shadowDatabaseUrl: at(CONFIG, 7)(shadow) }))
    expect(route7(description).routes.at(-1)).toEqual(throwaway)
    const routed = route7(description, { env: { SHADOW_DATABASE_URL: 'postgresql://u:p@db/prisma_migrate_shadow_db_ci' } })
    expect(routed.env).toEqual({ DATABASE_URL: PROXY, SHADOW_DATABASE_URL: 'postgresql://postgres:proxy_password@localhost:65432/prisma_migrate_shadow_db_ci' })
    expect(refusal(() => route7(description, { env: { SHADOW_DATABASE_URL: 'postgresql://u:p@db/app' } }))).toMatchObject({ code: 'routing/shadow-name', line: 7 })
  })

  it("a shadow read with env() that is unset: Prisma would stop; electrify says so first", () => {
    const description = config(datasource({ url: inConfig(env('DATABASE_URL')), shadowDatabaseUrl: at(CONFIG, 6)(env('SHADOW_DATABASE_URL')) }))
    expect(refusal(() => route7(description))).toMatchObject({ code: 'routing/shadow-unset', line: 6 })
    expect(route7(description, { command: 'migrate deploy' }).env).toEqual({ DATABASE_URL: PROXY })
  })

  it('a URL computed in code: --url on migrate dev; migrate deploy (no --url) needs --url-var', () => {
    const description = config(datasource({ url: inConfig({ kind: 'unknown', expression: "databaseUrl('migrate')" }) }))
    const dev = route7(description)
    expect(dev.env).toEqual({})
    expect(dev.args).toEqual(['--url', PROXY])
    expect(dev.routes[0]).toEqual({ role: 'main', via: { kind: 'flag', name: '--url' }, target: SHOWN, note: "replaces databaseUrl('migrate')" })
    const error = refusal(() => route7(description, { command: 'migrate deploy' }))
    expect(error).toMatchObject({ code: 'routing/url-unknown', file: CONFIG, line: 5 })
    expect(error.hint).toContain('--url-var <NAME>')
    const deploy = route7(description, { command: 'migrate deploy', override: { urlVar: 'MIGRATE_URL' } })
    expect(deploy).toEqual({ env: { MIGRATE_URL: PROXY }, args: [], routes: [{ role: 'main', via: { kind: 'env', name: 'MIGRATE_URL' }, target: SHOWN, note: '--url-var' }] })
  })

  it('a literal url: replaced with --url on migrate dev, refused where the command has no --url', () => {
    const description = config(datasource({ url: inConfig(literal('postgresql://app:secret@db:5432/app')) }))
    expect(route7(description).args).toEqual(['--url', PROXY])
    expect(refusal(() => route7(description, { command: 'migrate deploy', override: { urlVar: 'X' } }))).toMatchObject({ code: 'routing/literal-url', line: 5 })
  })

  it('no datasource at all: --url on migrate dev; refused for migrate deploy', () => {
    for (const description of [config({ kind: 'none', file: CONFIG }), { schema: { file: SCHEMA, line: 1, urls: {} } }]) {
      expect(route7(description).args).toEqual(['--url', PROXY])
      expect(refusal(() => route7(description, { command: 'migrate deploy' }))).toMatchObject({ code: 'routing/no-url' })
    }
  })

  it('a config it cannot read: --url for the main connection, but the shadow database must be settled', () => {
    const description = config({ kind: 'unknown', file: CONFIG, line: 2, expression: 'makeConfig()' })
    const error = refusal(() => route7(description))
    expect(error).toMatchObject({ code: 'routing/shadow-unknown', file: CONFIG, line: 2 })
    expect(error.hint).toContain('--shadow-url-var <NAME>')
    const routing = route7(description, { override: { shadowUrlVar: 'SHADOW_URL' }, env: { SHADOW_URL: 'postgresql://u:p@db/prisma_migrate_shadow_db_a' } })
    expect(routing.args).toEqual(['--url', PROXY])
    expect(routing.env).toEqual({ SHADOW_URL: 'postgresql://postgres:proxy_password@localhost:65432/prisma_migrate_shadow_db_a' })
  })

  it('a datasource with a spread it cannot read hides a possible shadowDatabaseUrl', () => {
    const description = config(datasource({ url: inConfig(env('DATABASE_URL')), hidden: { expression: '{ …spread }', file: CONFIG, line: 4 } }))
    expect(route7(description, { command: 'migrate deploy' }).env).toEqual({ DATABASE_URL: PROXY })
    expect(refusal(() => route7(description))).toMatchObject({ code: 'routing/shadow-unknown', line: 4 })
  })
})

describe('the Prisma version', () => {
  it('when unknown, a schema url means Prisma 5/6 and none means Prisma 7', () => {
    const six = routeConnections({ datasource: schema({ url: env('DB_URL') }), command: 'migrate dev', proxyUrl: PROXY, env: {} })
    expect(six.env).toEqual({ DB_URL: PROXY })
    const seven = routeConnections({ datasource: config(datasource({ url: inConfig(literal('postgresql://db/app')) })), command: 'migrate dev', proxyUrl: PROXY, env: {} })
    expect(seven.args).toEqual(['--url', PROXY])
  })

  it('Prisma 7 ignores the URLs a schema still names (it rejects them itself, P1012)', () => {
    const description = { ...schema({ url: env('DATABASE_URL') }), config: datasource({ url: inConfig(env('DB_URL')) }) }
    expect(route(description, { prismaMajor: 7 }).env).toEqual({ DB_URL: PROXY })
  })
})

describe('formatRoute', () => {
  it('one line per route, without passwords', () => {
    const routing = route(schema({ url: env('POOLED_URL'), directUrl: env('DIRECT_URL') }), { env: { DIRECT_URL: 'postgresql://u:secret@db:5432/app' } })
    const lines = routing.routes.map(formatRoute)
    expect(lines).toEqual([
      `main (POOLED_URL) → ${SHOWN} — checked by Prisma; Migrate uses directUrl`,
      `direct (DIRECT_URL) → ${SHOWN} (was postgresql://u:****@db:5432/app) — Migrate connects here (directUrl)`,
      "shadow (Prisma's own) → prisma_migrate_shadow_db_* through the proxy",
    ])
    expect(JSON.stringify(routing.routes)).not.toMatch(/secret|proxy_password/)
  })
})
