import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { entryKind } from './fs-entries.js'
import { evaluateModule, type StaticValue } from './static-value.js'

/**
 * Where Prisma 6 looks for its config file (c12 with name `prisma`, see @prisma/config): in the working
 * directory, then in its `.config/` folder, trying the extensions in this order.
 */
const EXTENSIONS = ['.js', '.ts', '.mjs', '.cjs', '.mts', '.cts']
const BASE_NAMES = ['prisma.config', path.join('.config', 'prisma'), path.join('.config', 'prisma.config')]

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
  for (const base of BASE_NAMES) {
    for (const ext of EXTENSIONS) {
      const file = path.join(cwd, base + ext)
      if ((await entryKind(file)) === 'file') return file
    }
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
