import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findProject } from '../../src/project/find-project.js'
import { readConfigConnection } from '../../src/project/prisma-config.js'
import type { DatasourceDescription, UrlSource } from '../../src/routing/datasource.js'
import { readDatasource } from '../../src/routing/read-datasource.js'
import { routeConnections } from '../../src/routing/route-connections.js'
import { readSchemaUrls } from '../../src/schema/datasource-url.js'
import { parseSchema } from '../../src/schema/parse-schema.js'
import { readSchema } from '../schema/schema-fixtures.js'

const fixtures = fileURLToPath(new URL('../../fixtures/datasources/', import.meta.url))

async function describeFixture(name: string): Promise<DatasourceDescription> {
  const layout = await findProject({ cwd: path.join(fixtures, name) })
  const files = await Promise.all(layout.schemaFiles.map(async (p) => ({ path: p, content: await readFile(p, 'utf8') })))
  return readDatasource(parseSchema(files), layout)
}

/** The 1-based line of the first line of `file` (in the fixture) that contains `text`. */
function line(name: string, file: string, text: string): number {
  const index = readFileSync(path.join(fixtures, name, file), 'utf8').split('\n').findIndex((l) => l.includes(text))
  if (index < 0) throw new Error(`no "${text}" in ${name}/${file}`)
  return index + 1
}

const env = (name: string, strict: boolean): UrlSource => ({ kind: 'env', name, strict })

describe('readDatasource: the schema datasource block (Prisma 5/6)', () => {
  const schemaSetting = (name: string, text: string, source: UrlSource) => ({ source, file: path.join(fixtures, name, 'schema.prisma'), line: line(name, 'schema.prisma', text) })

  it.each([
    ['env-url', { url: schemaSetting('env-url', 'url ', env('DATABASE_URL', true)) }],
    ['other-var', { url: schemaSetting('other-var', 'url ', env('DB_URL', true)) }],
    [
      'direct-url',
      { url: schemaSetting('direct-url', 'url ', env('POOLED_URL', true)), directUrl: schemaSetting('direct-url', 'directUrl', env('DIRECT_URL', true)) },
    ],
    ['literal', { url: schemaSetting('literal', 'url ', { kind: 'literal', url: 'postgresql://app:secret@db.internal:5432/app' }) }],
    [
      'shadow',
      {
        url: schemaSetting('shadow', 'url ', env('DATABASE_URL', true)),
        directUrl: schemaSetting('shadow', 'directUrl', env('DIRECT_URL', true)),
        // An unset shadow variable means no shadow database: not strict.
        shadowDatabaseUrl: schemaSetting('shadow', 'shadowDatabaseUrl', env('SHADOW_DATABASE_URL', false)),
      },
    ],
  ])('%s', async (name, urls) => {
    const description = await describeFixture(name)
    expect(description).toEqual({ schema: { file: path.join(fixtures, name, 'schema.prisma'), line: line(name, 'schema.prisma', 'datasource db'), urls } })
  })
})

describe('readDatasource: prisma.config.ts', () => {
  const configSetting = (name: string, text: string, source: UrlSource) => ({ source, file: path.join(fixtures, name, 'prisma.config.ts'), line: line(name, 'prisma.config.ts', text) })
  const datasource = (name: string, urls: object, extra: object = {}) => ({
    kind: 'datasource',
    file: path.join(fixtures, name, 'prisma.config.ts'),
    line: line(name, 'prisma.config.ts', 'datasource: {'),
    ...extra,
    urls,
  })

  it.each([
    ['config-env', datasource('config-env', { url: configSetting('config-env', 'url:', env('DB_URL', true)) })],
    [
      'config-process-env',
      datasource('config-process-env', {
        url: configSetting('config-process-env', 'url:', env('DATABASE_URL', false)),
        shadowDatabaseUrl: configSetting('config-process-env', 'shadowDatabaseUrl', env('SHADOW_DATABASE_URL', false)),
      }),
    ],
    [
      'config-either',
      datasource('config-either', {
        url: configSetting('config-either', 'url:', { kind: 'either', operator: '||', options: [env('DIRECT_DATABASE_URL', false), env('DATABASE_URL', false)] }),
      }),
    ],
    [
      'config-placeholder',
      datasource('config-placeholder', {
        url: configSetting('config-placeholder', 'url:', {
          kind: 'either',
          operator: '??',
          options: [env('DATABASE_URL', true), { kind: 'literal', url: 'postgresql://placeholder:placeholder@localhost:5432/placeholder' }],
        }),
      }),
    ],
    [
      'config-conditional-shadow',
      datasource('config-conditional-shadow', {
        // A constant's value is placed where it is declared.
        url: configSetting('config-conditional-shadow', "const url = env('DATABASE_URL')", env('DATABASE_URL', true)),
        shadowDatabaseUrl: configSetting('config-conditional-shadow', '...(process.env', {
          kind: 'conditional',
          test: env('SHADOW_DATABASE_URL', false),
          then: env('SHADOW_DATABASE_URL', false),
        }),
      }),
    ],
    ['config-dynamic', datasource('config-dynamic', { url: configSetting('config-dynamic', 'url:', { kind: 'unknown', expression: "databaseUrl('migrate')" }) })],
    [
      'config-classic',
      datasource(
        'config-classic',
        { url: configSetting('config-classic', 'url:', env('DATABASE_URL', true)), directUrl: configSetting('config-classic', 'directUrl:', env('DIRECT_URL', true)) },
        { engine: 'classic' },
      ),
    ],
    ['config-adapter', { kind: 'adapter', file: path.join(fixtures, 'config-adapter', 'prisma.config.ts'), line: line('config-adapter', 'prisma.config.ts', 'async adapter()'), reads: ['DATABASE_URL'] }],
    ['config-none', { kind: 'none', file: path.join(fixtures, 'config-none', 'prisma.config.ts') }],
  ])('%s', async (name, config) => {
    const description = await describeFixture(name)
    expect(description.config).toEqual(config)
    // Prisma 7 schemas have no URL; the Prisma 6 ones here keep theirs in the schema as Prisma 6 requires.
    expect(Object.keys(description.schema?.urls ?? {})).toEqual(name === 'config-classic' || name === 'config-adapter' ? ['url'] : [])
  })
})

describe('readConfigConnection on other shapes', () => {
  let tmp: string
  beforeAll(async () => {
    tmp = await mkdtemp(path.join(os.tmpdir(), 'electrify-config-'))
  })
  afterAll(() => rm(tmp, { recursive: true, force: true }))
  let count = 0
  async function read(source: string) {
    const file = path.join(tmp, `prisma.config.${++count}.ts`)
    await writeFile(file, source)
    return readConfigConnection(file, tmp)
  }

  it('says what it cannot see: a spread over the whole config, a computed datasource, no default export', async () => {
    expect(await read(`export default defineConfig({ ...base, datasource: { url: env('A') } })`)).toMatchObject({ kind: 'unknown', expression: '{ …spread }', line: 1 })
    expect(await read(`export default defineConfig({\n  datasource: makeDatasource(),\n})`)).toMatchObject({ kind: 'unknown', expression: 'makeDatasource()', line: 2 })
    expect(await read(`export const config = {}`)).toMatchObject({ kind: 'unknown', expression: '(no default export)' })
  })

  it('marks a datasource with a spread it cannot read as hiding settings', async () => {
    const config = await read(`export default {\n  datasource: {\n    ...shared,\n    url: env('A'),\n  },\n}`)
    expect(config).toMatchObject({ kind: 'datasource', urls: { url: { source: env('A', true) }, hidden: { expression: '{ …spread }', line: 2 } } })
  })

  it('finds the older migrate.adapter form and lists the variables the file reads', async () => {
    const config = await read(
      `import { env } from 'prisma/config'\nconst url = \`\${process.env.PGHOST}\`\nexport default {\n  experimental: { adapter: true },\n  migrate: { async adapter() { return make(process.env['DB_URL'], env('OTHER')) } },\n}`,
    )
    expect(config).toMatchObject({ kind: 'adapter', line: 5, reads: ['PGHOST', 'DB_URL', 'OTHER'] })
  })
})

// The offline Prisma recipes next to the checkout: Prisma 6 through a driver adapter, Prisma 7 with env() and
// a conditional shadowDatabaseUrl.
describe('the offline Prisma recipes (../shared)', () => {
  const prisma6 = path.resolve('../shared/prisma-offline/prisma.config.ts')
  const prisma7 = path.resolve('../shared/prisma7-offline/prisma.config.ts')

  it.runIf(existsSync(prisma6))('Prisma 6: a driver adapter that reads DATABASE_URL', async () => {
    const config = await readConfigConnection(prisma6, path.dirname(prisma6))
    expect(config).toMatchObject({ kind: 'adapter' })
    expect(config.kind === 'adapter' && config.reads).toContain('DATABASE_URL')
  })

  it.runIf(existsSync(prisma7))('Prisma 7: env(DATABASE_URL) and SHADOW_DATABASE_URL when set', async () => {
    const config = await readConfigConnection(prisma7, path.dirname(prisma7))
    expect(config).toMatchObject({
      kind: 'datasource',
      urls: {
        url: { source: env('DATABASE_URL', true) },
        shadowDatabaseUrl: { source: { kind: 'conditional', test: env('SHADOW_DATABASE_URL', false), then: env('SHADOW_DATABASE_URL', false) } },
      },
    })
    expect(config.kind === 'datasource' && config.urls.hidden).toBeUndefined()
  })
})

// Real schemas from public projects (../shared/corpus): which variables each datasource names.
const corpus = path.resolve('../shared/corpus/schemas')
const names = existsSync(corpus) ? readdirSync(corpus).sort() : []

describe.runIf(names.length > 0)('the datasource blocks of the real schemas (../shared/corpus/schemas)', () => {
  // Read off the schemas by hand: url, directUrl, shadowDatabaseUrl variables ('-' for none).
  const expected: Record<string, string> = {
    'amplication-dsg-catalog__schema.prisma': 'DB_URL - -',
    'amplication-gpt-gateway__schema.prisma': 'DB_URL - -',
    'amplication-plugin-api__schema.prisma': 'DB_URL - -',
    'amplication__schema.prisma': 'POSTGRESQL_URL - -',
    'documenso__schema.prisma': 'NEXT_PRIVATE_DATABASE_URL NEXT_PRIVATE_DIRECT_DATABASE_URL -',
    'formbricks__schema': '- - -',
    'ghostfolio__schema.prisma': '- - -',
    'hoppscotch__schema.prisma': '- - -',
    'inbox-zero__schema.prisma': '- - -',
    'langfuse__schema.prisma': 'DATABASE_URL DIRECT_URL SHADOW_DATABASE_URL',
    'linkwarden__schema.prisma': 'DATABASE_URL - -',
    'papermark__schema': 'POSTGRES_PRISMA_URL POSTGRES_PRISMA_URL_NON_POOLING POSTGRES_PRISMA_SHADOW_URL',
    'rallly__schema': '- - -',
    'teable__schema.prisma': 'PRISMA_DATABASE_URL - -',
    'typebot__schema.prisma': '- - -',
    'umami__schema.prisma': '- - -',
    'webstudio__schema.prisma': 'DATABASE_URL DIRECT_URL -',
  }

  it('knows every schema there', () => {
    expect(names).toEqual(Object.keys(expected).sort())
  })

  it.each(names.filter((n) => n in expected))('%s', (name) => {
    const files = readSchema(path.join(corpus, name))
    let schema
    try {
      schema = parseSchema(files)
    } catch {
      return // one of them is rejected by Prisma 6.19's parser (see corpus-schemas.test.ts)
    }
    const urls = readSchemaUrls(schema)!.urls
    const variable = (s: { source: UrlSource } | undefined) => (s === undefined ? '-' : s.source.kind === 'env' ? s.source.name : s.source.kind)
    expect([urls.url, urls.directUrl, urls.shadowDatabaseUrl].map(variable).join(' ')).toBe(expected[name])
    // Each setting's line holds it.
    for (const [key, s] of Object.entries(urls)) {
      const text = files.find((f) => f.path === s.file)!.content.split('\n')[s.line - 1]!
      expect(text.trim().startsWith(key)).toBe(true)
    }
  })
})

// The readers and the router together, for each fixture (Prisma 6 for the schema URLs, classic engine and
// adapter; Prisma 7 for the others).
describe('routing each fixture (migrate dev, then migrate deploy)', () => {
  const proxyUrl = 'postgresql://postgres:pw@localhost:65432/app'
  const shadowEnv = { SHADOW_DATABASE_URL: 'postgresql://u:p@db:5432/prisma_migrate_shadow_db_app' }
  const routedShadow = 'postgresql://postgres:pw@localhost:65432/prisma_migrate_shadow_db_app'
  const to = (...names: string[]) => Object.fromEntries(names.map((n) => [n, proxyUrl]))

  it.each([
    ['env-url', 6, to('DATABASE_URL'), [], to('DATABASE_URL')],
    ['other-var', 6, to('DB_URL'), [], to('DB_URL')],
    ['direct-url', 6, to('POOLED_URL', 'DIRECT_URL'), [], to('POOLED_URL', 'DIRECT_URL')],
    ['shadow', 6, { ...to('DATABASE_URL', 'DIRECT_URL'), SHADOW_DATABASE_URL: routedShadow }, [], to('DATABASE_URL', 'DIRECT_URL')],
    ['config-classic', 6, to('DATABASE_URL', 'DIRECT_URL'), [], to('DATABASE_URL', 'DIRECT_URL')],
    ['config-adapter', 6, to('DATABASE_URL'), [], to('DATABASE_URL')],
    ['config-env', 7, to('DB_URL'), [], to('DB_URL')],
    ['config-process-env', 7, { ...to('DATABASE_URL'), SHADOW_DATABASE_URL: routedShadow }, [], to('DATABASE_URL')],
    ['config-either', 7, to('DIRECT_DATABASE_URL'), [], to('DIRECT_DATABASE_URL')],
    ['config-placeholder', 7, to('DATABASE_URL'), [], to('DATABASE_URL')],
    ['config-conditional-shadow', 7, { ...to('DATABASE_URL'), SHADOW_DATABASE_URL: routedShadow }, [], to('DATABASE_URL')],
    ['config-dynamic', 7, {}, ['--url', proxyUrl], 'routing/url-unknown'],
    ['config-none', 7, {}, ['--url', proxyUrl], 'routing/no-url'],
  ] as const)('%s (Prisma %d)', async (name, prismaMajor, devEnv, devArgs, deploy) => {
    const datasource = await describeFixture(name)
    const dev = routeConnections({ datasource, prismaMajor, command: 'migrate dev', proxyUrl, env: shadowEnv })
    expect(dev.env).toEqual(devEnv)
    expect(dev.args).toEqual(devArgs)
    const run = () => routeConnections({ datasource, prismaMajor, command: 'migrate deploy', proxyUrl, env: shadowEnv })
    if (typeof deploy === 'string') expect(run).toThrow(expect.objectContaining({ code: deploy }))
    else expect(run()).toEqual({ env: deploy, args: [], routes: expect.any(Array) })
  })

  it('literal (Prisma 6): refused at its line', async () => {
    const datasource = await describeFixture('literal')
    expect(() => routeConnections({ datasource, prismaMajor: 6, command: 'migrate dev', proxyUrl, env: {} })).toThrow(
      expect.objectContaining({ code: 'routing/literal-url', line: line('literal', 'schema.prisma', 'url ') }),
    )
  })
})
