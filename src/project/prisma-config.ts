import { readFile } from 'node:fs/promises'
import path from 'node:path'
import type { ConfigConnection, DatasourceUrls, UrlSource } from '../routing/datasource.js'
import { entryKind } from './fs-entries.js'
import { prismaConfigCandidates } from './probed-paths.js'
import { tokenize, type Token } from './js-tokens.js'
import { evaluateModule, type StaticValue } from './static-value.js'

/** A path setting read from the config: not set, a path (absolute), or an expression electrify cannot read. */
export type ConfigSetting =
  | { kind: 'absent' }
  | { kind: 'path'; path: string; line: number }
  | { kind: 'unresolved'; expression: string; line: number }

export interface PrismaConfigPaths {
  file: string
  schema: ConfigSetting
  migrationsPath: ConfigSetting
}

export async function findPrismaConfig(cwd: string): Promise<string | undefined> {
  for (const file of prismaConfigCandidates(cwd)) {
    if ((await entryKind(file)) === 'file') return file
  }
  return undefined
}

/**
 * Reads `schema` and `migrations.path` from a Prisma config file without running it (configs have side
 * effects, and Node 20 cannot import TypeScript). Relative paths are resolved against the config file's
 * folder, as Prisma does.
 */
export async function readPrismaConfig(file: string, cwd: string): Promise<PrismaConfigPaths> {
  const source = await readFile(file, 'utf8')
  const dirname = path.dirname(file)
  const config = evaluateModule(source, { dirname, cwd }).defaultExport
  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length

  const setting = (value: StaticValue | undefined, owner: StaticValue | undefined): ConfigSetting => {
    if (value === undefined) {
      // Not written down: absent, unless a spread or computed key we cannot see into might set it.
      if (owner?.kind === 'object' && !owner.opaque) return { kind: 'absent' }
      const expression = owner === undefined ? '(no default export)' : owner.kind === 'unknown' ? owner.source : '{ …spread }'
      return { kind: 'unresolved', expression, line: lineOf(owner?.start ?? 0) }
    }
    if (value.kind === 'string') return { kind: 'path', path: path.resolve(dirname, value.value), line: lineOf(value.start) }
    const expression = value.kind === 'unknown' ? value.source : '{ … }'
    return { kind: 'unresolved', expression, line: lineOf(value.start) }
  }

  const props = config?.kind === 'object' ? config.props : undefined
  const migrations = props?.get('migrations')
  return {
    file,
    schema: setting(props?.get('schema'), config),
    migrationsPath: migrations?.kind === 'object' ? setting(migrations.props.get('path'), migrations) : setting(migrations, config),
  }
}

/**
 * What the config says about connecting, read without running it: Prisma 7's `datasource`, Prisma 6's
 * `engine: 'classic'` datasource or driver adapter (`engine: 'js'` + `adapter()`, earlier
 * `migrate.adapter`), or nothing. What a driver adapter connects to is decided in code; the variables
 * the file reads are listed as candidates.
 */
export async function readConfigConnection(file: string, cwd: string): Promise<ConfigConnection> {
  const source = await readFile(file, 'utf8')
  const config = evaluateModule(source, { dirname: path.dirname(file), cwd }).defaultExport
  const lineOf = (offset: number) => source.slice(0, offset).split('\n').length
  if (config?.kind !== 'object') {
    return { kind: 'unknown', file, line: lineOf(config?.start ?? 0), expression: config === undefined ? '(no default export)' : sourceOf(config) }
  }
  const { props } = config
  const engine = props.get('engine')
  const datasource = props.get('datasource')
  const migrate = props.get('migrate')
  const adapter = props.get('adapter') ?? (migrate?.kind === 'object' ? migrate.props.get('adapter') : undefined)
  if ((engine?.kind === 'string' && engine.value === 'js') || adapter !== undefined) {
    return { kind: 'adapter', file, line: lineOf((adapter ?? engine)!.start), reads: environmentReads(tokenize(source)) }
  }
  if (engine !== undefined && engine.kind !== 'string') return { kind: 'unknown', file, line: lineOf(engine.start), expression: sourceOf(engine) }
  // A spread electrify cannot see into may set or replace the datasource, or an engine.
  if (config.opaque) return { kind: 'unknown', file, line: lineOf(config.start), expression: '{ …spread }' }
  if (datasource === undefined) return { kind: 'none', file }
  if (datasource.kind !== 'object') return { kind: 'unknown', file, line: lineOf(datasource.start), expression: sourceOf(datasource) }

  const urls: DatasourceUrls = {}
  for (const key of ['url', 'directUrl', 'shadowDatabaseUrl'] as const) {
    const value = datasource.props.get(key)
    if (value !== undefined) urls[key] = { source: urlSource(value), file, line: lineOf(value.start) }
  }
  if (datasource.opaque) urls.hidden = { expression: '{ …spread }', file, line: lineOf(datasource.start) }
  const classic = engine?.kind === 'string' && engine.value === 'classic'
  return { kind: 'datasource', file, line: lineOf(datasource.start), ...(classic ? { engine: 'classic' as const } : {}), urls }
}

function urlSource(value: StaticValue): UrlSource {
  if (value.kind === 'string') return { kind: 'literal', url: value.value }
  const dynamic = value.kind === 'unknown' ? value.dynamic : undefined
  switch (dynamic?.kind) {
    case 'env':
      return { kind: 'env', name: dynamic.name, strict: dynamic.strict }
    case 'either':
      return { kind: 'either', operator: dynamic.operator, options: dynamic.options.map(urlSource) }
    case 'conditional':
      return {
        kind: 'conditional',
        test: urlSource(dynamic.test),
        ...(dynamic.then && { then: urlSource(dynamic.then) }),
        ...(dynamic.otherwise && { otherwise: urlSource(dynamic.otherwise) }),
      }
    default:
      return { kind: 'unknown', expression: sourceOf(value) }
  }
}

function sourceOf(value: StaticValue): string {
  return value.kind === 'unknown' ? value.source : value.kind === 'string' ? JSON.stringify(value.value) : '{ … }'
}

/** Every `process.env.X`, `process.env['X']` and `env('X')` in the file, in order of first appearance. */
function environmentReads(tokens: readonly Token[], names = new Set<string>()): string[] {
  const word = (t: Token | undefined) => (t?.kind === 'ident' || t?.kind === 'punct' ? t.value : undefined)
  tokens.forEach((t, i) => {
    if (t.kind === 'template') for (const part of t.parts) environmentReads(part, names)
    const next = tokens.slice(i + 1, i + 5)
    if (word(t) === 'env' && word(next[0]) === '(' && next[1]?.kind === 'string' && word(next[2]) === ')') names.add(next[1].value)
    if (word(t) !== 'process' || word(next[0]) !== '.' || word(next[1]) !== 'env') return
    if (word(next[2]) === '.' && next[3]?.kind === 'ident') names.add(next[3].value)
    if (word(next[2]) === '[' && next[3]?.kind === 'string') names.add(next[3].value)
  })
  return [...names]
}
