import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { ElectrifyError } from '../../src/errors.js'
import { findProject } from '../../src/project/find-project.js'

const projects = fileURLToPath(new URL('../../fixtures/projects/', import.meta.url))
const project = (name: string) => path.join(projects, name)

async function rejection(promise: Promise<unknown>): Promise<ElectrifyError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(ElectrifyError)
  return error as ElectrifyError
}

describe('findProject', () => {
  it('takes --schema as a file, relative to cwd; migrations go beside it', async () => {
    const root = project('flag-file')
    expect(await findProject({ cwd: root, schema: 'database/main.prisma' })).toEqual({
      root,
      schemaPath: path.join(root, 'database/main.prisma'),
      schemaFiles: [path.join(root, 'database/main.prisma')],
      migrationsDir: path.join(root, 'database/migrations'),
      schemaSource: 'flag',
    })
  })

  it('takes --schema as a folder, reads it recursively, and puts migrations beside the datasource file', async () => {
    const root = project('flag-folder')
    const layout = await findProject({ cwd: root, schema: './db' })
    expect(layout.schemaPath).toBe(path.join(root, 'db'))
    // README.md is not a schema file; subfolders are read.
    expect(layout.schemaFiles).toEqual([path.join(root, 'db/core/datasource.prisma'), path.join(root, 'db/models/sync/item.prisma')])
    // Prisma 6: migrations/ beside the file that holds the datasource block, not at the folder's top.
    expect(layout.migrationsDir).toBe(path.join(root, 'db/core/migrations'))
    expect(layout.schemaSource).toBe('flag')
  })

  it('accepts an absolute --schema', async () => {
    const file = path.join(project('flag-file'), 'database/main.prisma')
    const layout = await findProject({ cwd: project('not-found'), schema: file })
    expect(layout.schemaFiles).toEqual([file])
    expect(layout.root).toBe(project('not-found'))
  })

  it('reports a --schema that points nowhere as a usage error', async () => {
    const error = await rejection(findProject({ cwd: project('flag-file'), schema: 'database/missing.prisma' }))
    expect(error.code).toBe('project/schema-not-found')
    expect(error.exitCode).toBe(2)
    expect(error.message).toContain('database/missing.prisma')
  })

  it('reads schema and migrations.path from prisma.config.ts through const identifiers, without running it', async () => {
    const root = project('config-ts')
    expect(await findProject({ cwd: root })).toEqual({
      root,
      schemaPath: path.join(root, 'db/schema.prisma'),
      schemaFiles: [path.join(root, 'db/schema.prisma')],
      migrationsDir: path.join(root, 'db/sql/migrations'),
      configFile: path.join(root, 'prisma.config.ts'),
      schemaSource: 'prisma.config',
    })
  })

  it('lets --schema win over prisma.config.ts, whose migrations.path still applies (as in Prisma)', async () => {
    const root = project('config-ts')
    const layout = await findProject({ cwd: root, schema: 'db' })
    expect(layout.schemaSource).toBe('flag')
    expect(layout.schemaPath).toBe(path.join(root, 'db'))
    expect(layout.migrationsDir).toBe(path.join(root, 'db/sql/migrations'))
    expect(layout.configFile).toBe(path.join(root, 'prisma.config.ts'))
  })

  it('reads prisma.config.mjs with path.join(import.meta.dirname, …) and a folder schema', async () => {
    const root = project('config-folder')
    const layout = await findProject({ cwd: root })
    expect(layout.schemaSource).toBe('prisma.config')
    expect(layout.configFile).toBe(path.join(root, 'prisma.config.mjs'))
    expect(layout.schemaFiles).toEqual([path.join(root, 'schema/main.prisma'), path.join(root, 'schema/models/item.prisma')])
    expect(layout.migrationsDir).toBe(path.join(root, 'schema/migrations'))
  })

  it('says which setting of prisma.config.ts it cannot read, where, and what to do', async () => {
    const root = project('config-unresolved')
    const error = await rejection(findProject({ cwd: root }))
    expect(error.code).toBe('project/config-unresolved')
    expect(error.message).toContain("env('PRISMA_SCHEMA_PATH')")
    expect(error.file).toBe(path.join(root, 'prisma.config.ts'))
    expect(error.line).toBe(5)
    expect(error.hint).toContain('--schema')
    // With --schema, the unreadable `schema` does not matter; migrations.path is still read.
    const layout = await findProject({ cwd: root, schema: 'prisma/schema.prisma' })
    expect(layout.migrationsDir).toBe(path.join(root, 'prisma/migrations'))
  })

  it('reads "prisma.schema" from package.json, relative to that file', async () => {
    const root = project('package-json')
    const layout = await findProject({ cwd: root })
    expect(layout.schemaSource).toBe('package.json')
    expect(layout.schemaFiles).toEqual([path.join(root, 'database/schema.prisma')])
    expect(layout.migrationsDir).toBe(path.join(root, 'database/migrations'))
    expect(layout.configFile).toBeUndefined()
  })

  it('finds package.json in a parent folder, as Prisma does', async () => {
    const root = project('package-json')
    const layout = await findProject({ cwd: path.join(root, 'database') })
    expect(layout.schemaFiles).toEqual([path.join(root, 'database/schema.prisma')])
    expect(layout.root).toBe(path.join(root, 'database'))
  })

  it.each([
    ['default-root', 'schema.prisma', ['schema.prisma'], 'migrations'],
    ['default-prisma', 'prisma/schema.prisma', ['prisma/schema.prisma'], 'prisma/migrations'],
    ['default-folder', 'prisma/schema', ['prisma/schema/item.prisma', 'prisma/schema/schema.prisma'], 'prisma/schema/migrations'],
  ])('finds the default %s', async (name, schemaPath, files, migrations) => {
    const root = project(name)
    expect(await findProject({ cwd: root })).toEqual({
      root,
      schemaPath: path.join(root, schemaPath),
      schemaFiles: files.map((f) => path.join(root, f)),
      migrationsDir: path.join(root, migrations),
      schemaSource: 'default',
    })
  })

  it('lists every place it looked at when there is no schema', async () => {
    const error = await rejection(findProject({ cwd: project('not-found') }))
    expect(error.code).toBe('project/schema-not-found')
    expect(error.exitCode).toBe(1)
    for (const place of ['prisma.config.ts', 'package.json', 'schema.prisma: not found', 'prisma/schema.prisma: not found', 'prisma/schema/']) {
      expect(error.message).toContain(place)
    }
    expect(error.hint).toContain('--schema')
  })
})

describe('findProject in a scratch folder', () => {
  let dir: string | undefined
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true })
    dir = undefined
  })
  const scratch = async (files: Record<string, string>) => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'electrify-project-'))
    for (const [name, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(dir, name)), { recursive: true })
      await writeFile(path.join(dir, name), content)
    }
    return dir
  }

  it('prefers ./schema.prisma over ./prisma/schema.prisma, in Prisma 6 order', async () => {
    const root = await scratch({ 'schema.prisma': '', 'prisma/schema.prisma': '' })
    expect((await findProject({ cwd: root })).schemaPath).toBe(path.join(root, 'schema.prisma'))
  })

  it('tries prisma.config.js before prisma.config.ts, as c12 does, and also looks in .config/', async () => {
    const both = await scratch({
      'prisma.config.js': "export default { schema: 'from-js.prisma' }",
      'prisma.config.ts': "export default { schema: 'from-ts.prisma' }",
      'from-js.prisma': '',
      'from-ts.prisma': '',
    })
    expect((await findProject({ cwd: both })).schemaPath).toBe(path.join(both, 'from-js.prisma'))
    await rm(both, { recursive: true })

    // In .config/, relative paths are relative to the config file's folder.
    const hidden = await scratch({ '.config/prisma.ts': "export default { schema: '../db.prisma' }", 'db.prisma': '' })
    const layout = await findProject({ cwd: hidden })
    expect(layout.configFile).toBe(path.join(hidden, '.config/prisma.ts'))
    expect(layout.schemaPath).toBe(path.join(hidden, 'db.prisma'))
  })

  it('falls back to package.json and the defaults when prisma.config.ts sets no schema', async () => {
    const root = await scratch({ 'prisma.config.ts': "export default { migrations: { path: 'sql' } }", 'prisma/schema.prisma': '' })
    const layout = await findProject({ cwd: root })
    expect(layout.schemaSource).toBe('default')
    expect(layout.migrationsDir).toBe(path.join(root, 'sql'))
  })

  it('refuses a config whose spread might set the schema', async () => {
    const root = await scratch({
      'prisma.config.ts': "import base from './base'\nexport default { ...base, migrations: { path: 'm' } }",
      'prisma/schema.prisma': '',
    })
    const error = await rejection(findProject({ cwd: root }))
    expect(error.code).toBe('project/config-unresolved')
    expect(error.message).toContain('`schema`')
  })

  it('reports a config schema path that does not exist, at its line', async () => {
    const root = await scratch({ 'prisma.config.ts': "export default {\n  schema: 'nope/schema.prisma',\n}" })
    const error = await rejection(findProject({ cwd: root }))
    expect(error.code).toBe('project/schema-not-found')
    expect(error.file).toBe(path.join(root, 'prisma.config.ts'))
    expect(error.line).toBe(2)
  })

  it('reports an empty schema folder', async () => {
    const root = await scratch({ 'db/notes.txt': '' })
    const error = await rejection(findProject({ cwd: root, schema: 'db' }))
    expect(error.code).toBe('project/schema-not-found')
    expect(error.message).toContain('no .prisma files')
  })

  it('reports package.json "prisma.schema" that is not a string, or invalid JSON', async () => {
    const root = await scratch({ 'package.json': '{ "prisma": { "schema": 42 } }' })
    expect((await rejection(findProject({ cwd: root }))).code).toBe('project/package-json-invalid')
    await writeFile(path.join(root, 'package.json'), '{ "prisma": ')
    expect((await rejection(findProject({ cwd: root }))).code).toBe('project/package-json-invalid')
  })
})
