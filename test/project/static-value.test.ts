import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { readPrismaConfig } from '../../src/project/prisma-config.js'
import { evaluateModule, type StaticValue } from '../../src/project/static-value.js'
import { REPO_ROOT } from '../harness/repo-root.js'

const dirs = { dirname: '/app/config', cwd: '/app' }

/** The default export's `schema`, as a string, `unknown: <source>`, or `absent`. */
function schemaOf(source: string): string {
  const config = evaluateModule(source, dirs).defaultExport
  if (config?.kind !== 'object') return `not an object: ${config?.kind}`
  return show(config.props.get('schema'))
}

function show(value: StaticValue | undefined): string {
  if (value === undefined) return 'absent'
  if (value.kind === 'string') return value.value
  return value.kind === 'unknown' ? `unknown: ${value.source}` : 'object'
}

describe('evaluateModule', () => {
  it.each([
    ['a string literal', `export default { schema: 'db/schema.prisma' }`, 'db/schema.prisma'],
    ['double quotes and escapes', `export default { "schema": "db\\\\x.prisma" }`, 'db\\x.prisma'],
    ['a const identifier', `const S = 'a.prisma'\nexport default defineConfig({ schema: S })`, 'a.prisma'],
    ['a typed const', `const S: string = 'a.prisma';\nexport default { schema: S }`, 'a.prisma'],
    ['a const declared after use', `export default { schema: S }\nconst S = 'late.prisma'`, 'late.prisma'],
    ['a chain of consts', `const A = 'db'\nconst B = A\nexport default { schema: B }`, 'db'],
    ['shorthand', `const schema = 'short.prisma'\nexport default { schema }`, 'short.prisma'],
    ['a template literal', 'const D = "db"\nexport default { schema: `${D}/${"x"}.prisma` }', 'db/x.prisma'],
    ['concatenation', `const D = 'db'\nexport default { schema: D + '/s.prisma' }`, 'db/s.prisma'],
    ['path.join with __dirname', `export default { schema: path.join(__dirname, 'prisma', 'schema.prisma') }`, '/app/config/prisma/schema.prisma'],
    ['join imported from node:path', `import { join } from 'node:path'\nexport default { schema: join('a', 'b') }`, 'a/b'],
    ['path.resolve (from the working directory)', `export default { schema: path.resolve('db') }`, '/app/db'],
    ['import.meta.dirname', 'export default { schema: `${import.meta.dirname}/s.prisma` }', '/app/config/s.prisma'],
    ['process.cwd()', `export default { schema: path.join(process.cwd(), 's.prisma') }`, '/app/s.prisma'],
    ['as const and satisfies', `const S = 'c.prisma' as const\nexport default { schema: S } satisfies PrismaConfig`, 'c.prisma'],
    ['a named config object', `const config: PrismaConfig = { schema: 'n.prisma' }\nexport default config`, 'n.prisma'],
    ['module.exports', `module.exports = { schema: 'cjs.prisma' }`, 'cjs.prisma'],
    ['a spread of a known object', `const base = { schema: 'base.prisma' }\nexport default { ...base }`, 'base.prisma'],
    ['comments and regexes around it', `// schema: 'no'\n/* 'no' */ const re = /'"/g\nexport default { schema: 's.prisma' /* , schema: 'x' */ }`, 's.prisma'],
  ])('reads %s', (_, source, expected) => {
    expect(schemaOf(source)).toBe(expected)
  })

  it.each([
    ['env()', `export default defineConfig({ schema: env('SCHEMA') })`, "unknown: env('SCHEMA')"],
    ['process.env', `export default { schema: process.env.SCHEMA_PATH }`, 'unknown: process.env.SCHEMA_PATH'],
    ['an imported name', `import { SCHEMA } from './paths'\nexport default { schema: SCHEMA }`, 'unknown: SCHEMA'],
    ['a conditional', `export default { schema: prod ? 'a' : 'b' }`, "unknown: prod ? 'a' : 'b'"],
    ['a template with an unknown part', 'export default { schema: `${process.env.DIR}/s.prisma` }', 'unknown: `${process.env.DIR}/s.prisma`'],
    ['path.join with an unknown part', `export default { schema: path.join(root, 's.prisma') }`, "unknown: path.join(root, 's.prisma')"],
  ])('leaves %s unknown, with its source', (_, source, expected) => {
    expect(schemaOf(source)).toBe(expected)
  })

  it('skips methods, arrow functions and nested objects to reach the properties after them', () => {
    const source = `
      export default defineConfig({
        async adapter() { const x = { schema: 'inner' }; return x },
        build: (a: Map<string, number>, b) => ({ schema: 'arrow' }),
        experimental: { adapter: true, studio: true },
        schema: 'outer.prisma',
      })`
    expect(schemaOf(source)).toBe('outer.prisma')
  })

  it('marks objects with unknown spreads or computed keys as opaque', () => {
    const spread = evaluateModule(`export default { ...other, migrations: { path: 'm' } }`, dirs).defaultExport
    expect(spread?.kind === 'object' && spread.opaque).toBe(true)
    const computed = evaluateModule(`export default { [key]: 'x' }`, dirs).defaultExport
    expect(computed?.kind === 'object' && computed.opaque).toBe(true)
    const plain = evaluateModule(`export default { a: 'x' }`, dirs).defaultExport
    expect(plain?.kind === 'object' && plain.opaque).toBe(false)
  })

  it('does not loop on self-referencing constants', () => {
    expect(schemaOf(`const A = B\nconst B = A\nexport default { schema: A }`)).toBe('unknown: A')
  })

  it('has no default export when the file exports none', () => {
    expect(evaluateModule(`export const config = { schema: 'x' }`, dirs).defaultExport).toBeUndefined()
  })
})

describe('readPrismaConfig', () => {
  // The fixture apps' config runs real Prisma offline; it is full of side effects.
  const offline = path.join(REPO_ROOT, 'fixtures/prisma-offline/prisma.config.ts')
  it('reads the offline Prisma config of the fixture apps: const MIGRATIONS_PATH, methods, Proxy and all', async () => {
    const dir = path.dirname(offline)
    const config = await readPrismaConfig(offline, dir)
    const source = await readFile(offline, 'utf8')
    const lineOf = (text: string) => source.split('\n').findIndex((l) => l.includes(text)) + 1
    expect(config.schema).toEqual({ kind: 'path', path: path.join(dir, 'prisma/schema.prisma'), line: lineOf("schema: 'prisma/schema.prisma'") })
    // The line of the value: the const's initializer.
    expect(config.migrationsPath).toEqual({ kind: 'path', path: path.join(dir, 'prisma/migrations'), line: lineOf("const MIGRATIONS_PATH = 'prisma/migrations'") })
  })
})

describe('evaluateModule: values that depend on the environment (datasource URLs)', () => {
  const dsOf = (source: string) => {
    const config = evaluateModule(source, dirs).defaultExport
    return config?.kind === 'object' ? config.props : new Map<string, StaticValue>()
  }
  /** The `dynamic` description, with every value reduced to `string:…`, `env:…` or `unknown:…`. */
  const dynamicOf = (value: StaticValue | undefined): unknown => {
    if (value === undefined) return undefined
    if (value.kind === 'string') return `string:${value.value}`
    if (value.kind === 'object') return 'object'
    const d = value.dynamic
    if (d === undefined) return `unknown:${value.source}`
    if (d.kind === 'env') return `${d.strict ? 'env' : 'process.env'}:${d.name}`
    if (d.kind === 'either') return { [d.operator]: d.options.map(dynamicOf) }
    return { if: dynamicOf(d.test), then: dynamicOf(d.then), else: dynamicOf(d.otherwise) }
  }

  it.each([
    ["env('X')", `export default { url: env('DB_URL') }`, 'env:DB_URL'],
    ['process.env.X with a non-null assertion', `export default { url: process.env.DATABASE_URL! }`, 'process.env:DATABASE_URL'],
    ["process.env['X'] as string", `export default { url: process.env['DATABASE_URL'] as string }`, 'process.env:DATABASE_URL'],
    ['a || b', `export default { url: process.env.A || process.env.B }`, { '||': ['process.env:A', 'process.env:B'] }],
    ["a ?? 'literal'", `export default { url: env('A') ?? 'postgresql://placeholder' }`, { '??': ['env:A', 'string:postgresql://placeholder'] }],
    ['a condition', `export default { url: process.env.CI ? env('CI_URL') : env('DEV_URL') }`, { if: 'process.env:CI', then: 'env:CI_URL', else: 'env:DEV_URL' }],
    ['a constant', `const url = env('DATABASE_URL')\nexport default { url }`, 'env:DATABASE_URL'],
    ['a call it cannot read', `export default { url: databaseUrl() }`, 'unknown:databaseUrl()'],
  ])('reads %s', (_, source, expected) => {
    expect(dynamicOf(dsOf(source).get('url'))).toEqual(expected)
  })

  it('keeps the whole expression as the source of a condition or a fallback', () => {
    const value = dsOf(`export default { url: process.env.A ?? env('B') }`).get('url')
    expect(value).toMatchObject({ kind: 'unknown', source: "process.env.A ?? env('B')" })
  })

  it('turns the keys of a conditional spread into conditional values, over what was there before', () => {
    const props = dsOf(`export default {\n  url: env('MAIN'),\n  ...(process.env.S ? { shadow: process.env.S, url: env('OTHER') } : {}),\n}`)
    expect(dynamicOf(props.get('shadow'))).toEqual({ if: 'process.env:S', then: 'process.env:S', else: undefined })
    expect(dynamicOf(props.get('url'))).toEqual({ if: 'process.env:S', then: 'env:OTHER', else: 'env:MAIN' })
    const config = evaluateModule(`export default { ...(x ? { a: 'b' } : {}) }`, dirs).defaultExport
    expect(config?.kind === 'object' && config.opaque).toBe(false)
    const unknownBranch = evaluateModule(`export default { ...(x ? other : {}) }`, dirs).defaultExport
    expect(unknownBranch?.kind === 'object' && unknownBranch.opaque).toBe(true)
  })

  it('names methods after their modifiers (async adapter() {…})', () => {
    const props = dsOf(`export default { async adapter() { return x }, get engine() { return 'js' }, schema: 's.prisma' }`)
    expect([...props.keys()]).toEqual(['adapter', 'engine', 'schema'])
    expect(show(props.get('schema'))).toBe('s.prisma')
  })
})
