import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { ElectrifyError } from '../errors.js'
import { entryKind, listSchemaFiles } from './fs-entries.js'
import { readPackageJsonSchema } from './package-json.js'
import { findPrismaConfig, readPrismaConfig, type ConfigSetting, type PrismaConfigPaths } from './prisma-config.js'
import { defaultSchemaPlaces } from './probed-paths.js'

export interface ProjectLayout {
  /** The folder Prisma would run in (the absolute `cwd`); relative paths in messages are shown from here. */
  root: string
  /** The schema file or multi-file schema folder, absolute. */
  schemaPath: string
  /** Absolute paths of the `.prisma` files, sorted; a folder is read recursively. */
  schemaFiles: string[]
  /** Absolute; may not exist yet. */
  migrationsDir: string
  /** The Prisma config file, when there is one. */
  configFile?: string
  schemaSource: 'flag' | 'prisma.config' | 'package.json' | 'default'
}

interface SchemaLocation {
  schemaPath: string
  kind: 'file' | 'directory'
  source: ProjectLayout['schemaSource']
}

const CONFIG_HINT_SCHEMA =
  'Pass the schema with --schema <file or folder>, or write `schema` in prisma.config.ts as a string literal or a `const` string: electrify reads the file without running it.'
const CONFIG_HINT_MIGRATIONS =
  'Write `migrations: { path: … }` in prisma.config.ts as a string literal or a `const` string: electrify reads the file without running it.'

/**
 * Finds the Prisma schema and migrations folder the way Prisma 6 does: `--schema`, then `schema` in
 * prisma.config.*, then `prisma.schema` in package.json, then `schema.prisma` and `prisma/schema.prisma`
 * (and, beyond Prisma's own defaults, the multi-file folder `prisma/schema/`).
 */
export async function findProject(options: { cwd: string; schema?: string }): Promise<ProjectLayout> {
  const root = path.resolve(options.cwd)
  const configFile = await findPrismaConfig(root)
  const config = configFile === undefined ? undefined : await readPrismaConfig(configFile, root)

  const location = await locateSchema(root, options.schema, config)
  const schemaFiles = location.kind === 'file' ? [location.schemaPath] : await listSchemaFiles(location.schemaPath)
  if (schemaFiles.length === 0) {
    throw new ElectrifyError(`The schema folder ${location.schemaPath} contains no .prisma files.`, {
      code: 'project/schema-not-found',
      file: location.schemaPath,
      hint: 'Point --schema (or `schema` in prisma.config.ts) at the folder that holds your .prisma files.',
    })
  }

  const fromConfig = config && requirePath(config.migrationsPath, config, 'migrations.path', CONFIG_HINT_MIGRATIONS)
  const migrationsDir = fromConfig ?? path.join(await datasourceFolder(location, schemaFiles), 'migrations')
  return {
    root,
    schemaPath: location.schemaPath,
    schemaFiles,
    migrationsDir,
    configFile,
    schemaSource: location.source,
  }
}

async function locateSchema(root: string, flag: string | undefined, config: PrismaConfigPaths | undefined): Promise<SchemaLocation> {
  if (flag !== undefined) {
    const schemaPath = path.resolve(root, flag)
    const kind = await schemaKind(schemaPath)
    if (kind === undefined) {
      throw new ElectrifyError(`--schema ${flag}: no such file or folder (${schemaPath}).`, {
        code: 'project/schema-not-found',
        hint: 'Pass the path of your schema.prisma, or of the folder holding a multi-file schema, relative to the working directory.',
        exitCode: 2,
      })
    }
    return { schemaPath, kind, source: 'flag' }
  }

  const looked: string[] = []
  const show = (p: string) => path.relative(root, p) || '.'
  if (config) {
    const schemaPath = requirePath(config.schema, config, 'schema', CONFIG_HINT_SCHEMA)
    if (schemaPath !== undefined) return await configured(schemaPath, 'prisma.config', config.file, lineOf(config.schema))
    looked.push(`${show(config.file)}: no \`schema\` setting`)
  } else {
    looked.push('prisma.config.ts (or .js/.mjs/.cjs/.mts/.cts): not found')
  }

  const pkg = await readPackageJsonSchema(root)
  if (pkg.schema !== undefined) return await configured(pkg.schema, 'package.json', pkg.file!)
  looked.push(pkg.file === undefined ? 'package.json: not found' : `${show(pkg.file)}: no "prisma.schema" setting`)

  // Prisma's own defaults are the two files; the folder is electrify's addition for multi-file schemas.
  const defaults = defaultSchemaPlaces(root)
  for (const candidate of defaults.files) {
    if ((await entryKind(candidate)) === 'file') return { schemaPath: candidate, kind: 'file', source: 'default' }
    looked.push(`${show(candidate)}: not found`)
  }
  const folder = defaults.folder
  if ((await entryKind(folder)) === 'directory') {
    return { schemaPath: folder, kind: 'directory', source: 'default' }
  }
  looked.push(`${show(folder)}${path.sep} (multi-file schema): not found`)

  throw new ElectrifyError(`Could not find the Prisma schema. Looked at:\n${looked.map((l) => `  - ${l}`).join('\n')}`, {
    code: 'project/schema-not-found',
    hint: 'Run electrify in the project folder (or pass --cwd), pass --schema <file or folder>, or set `schema` in prisma.config.ts.',
  })
}

/** A schema path named by prisma.config.* or package.json must exist; Prisma fails too when it does not. */
async function configured(
  schemaPath: string,
  source: 'prisma.config' | 'package.json',
  file: string,
  line?: number,
): Promise<SchemaLocation> {
  const kind = await schemaKind(schemaPath)
  if (kind !== undefined) return { schemaPath, kind, source }
  const setting = source === 'package.json' ? '"prisma.schema"' : '`schema`'
  throw new ElectrifyError(`${setting} in ${path.basename(file)} points to ${schemaPath}, which does not exist.`, {
    code: 'project/schema-not-found',
    file,
    ...(line === undefined ? {} : { line }),
    hint: `Fix ${setting} in ${path.basename(file)}, or pass --schema <file or folder>.`,
  })
}

async function schemaKind(schemaPath: string): Promise<'file' | 'directory' | undefined> {
  const kind = await entryKind(schemaPath)
  return kind === 'other' ? undefined : kind
}

/** The path a config setting names, undefined when it is not set; an expression electrify cannot read is an error. */
function requirePath(setting: ConfigSetting, config: PrismaConfigPaths, name: string, hint: string): string | undefined {
  if (setting.kind === 'absent') return undefined
  if (setting.kind === 'path') return setting.path
  throw new ElectrifyError(`Cannot read \`${name}\` from ${path.basename(config.file)} without running it: \`${setting.expression}\`.`, {
    code: 'project/config-unresolved',
    file: config.file,
    line: setting.line,
    hint,
  })
}

function lineOf(setting: ConfigSetting): number | undefined {
  return setting.kind === 'absent' ? undefined : setting.line
}

/**
 * Prisma puts `migrations/` beside the file that holds the datasource block (for a multi-file schema,
 * that file's folder, which may be a subfolder), falling back to the schema folder itself.
 */
async function datasourceFolder(location: SchemaLocation, schemaFiles: string[]): Promise<string> {
  if (location.kind === 'file') return path.dirname(location.schemaPath)
  for (const file of schemaFiles) {
    if (/^[ \t]*datasource[ \t]+\w+[ \t]*\{/m.test(await readFile(file, 'utf8'))) return path.dirname(file)
  }
  return location.schemaPath
}
