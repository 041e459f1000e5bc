/**
 * The package as users install it: `npm pack`, the tarball installed into a fresh project with only
 * electrify's runtime dependencies (test/package/packed.ts), and the installed `electrify` bin run there.
 * A file left out of `files`, or a devDependency needed at run time, fails here.
 */
import { execFile } from 'node:child_process'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { gitRepo, isolateGitConfig, runGit } from '../git/git-repo.js'
import { createTable, DATASOURCE, migration, writeFiles } from '../commands/temp-project.js'
import { installPacked, packElectrify, type Packed } from './packed.js'

isolateGitConfig()

const exec = promisify(execFile)
const SCHEMA = `${DATASOURCE}\n/// @electric\nmodel Item {\n  id String @id\n}\n`
const INIT = '20240101000000_init'

interface Run {
  code: number
  stdout: string
  stderr: string
}

/** The installed bin, as `npx electrify` runs it: node_modules/.bin/electrify in the project. */
function electrify(dir: string, args: string[]): Promise<Run> {
  return exec(path.join(dir, 'node_modules/.bin/electrify'), args, { cwd: dir, env: { ...process.env, NO_COLOR: '1', GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  )
}

let packed: Packed
let app: string
beforeAll(async () => {
  packed = await packElectrify()
  app = await mkdtemp(path.join(os.tmpdir(), 'electrify-installed-'))
  await installPacked(app)
}, 180_000)
afterAll(() => rm(app, { recursive: true, force: true }))

describe('the npm package', () => {
  test('has what an npm page and an install need', async () => {
    const { manifest, files } = packed
    expect(manifest).toMatchObject({ name: 'prisma-electrify', bin: { electrify: 'bin/electrify.js' }, license: 'MIT' })
    expect(manifest.keywords).toEqual(expect.arrayContaining(['prisma', 'electric-sql']))
    expect(files).toEqual(expect.arrayContaining(['package.json', 'README.md', 'LICENSE', 'bin/electrify.js', 'dist/index.js', 'dist/index.d.ts', 'dist/cli/main.js', 'dist/bundle/main.js', 'dist/bundle/check-replay.js', 'dist/bundle/THIRD-PARTY-LICENSES.txt', 'docs/pre-commit.md']))
    // No sources, tests or fixtures: only what runs and what documents it.
    expect(files.filter((f) => /^(src|test|fixtures|scripts)\//.test(f) || f.endsWith('.test.js'))).toEqual([])
  })

  test('installed: --version, and --help (which loads every command module)', async () => {
    const version = await electrify(app, ['--version'])
    expect(version).toMatchObject({ code: 0, stdout: `${packed.manifest.version}\n` })
    const help = await electrify(app, ['--help'])
    expect(help.code).toBe(0)
    for (const command of ['migrate', 'inject', 'check', 'watch', 'hook']) expect(help.stdout).toContain(command)
  })

  test('installed: check finds the missing ENABLE ELECTRIC and prints the fix with npx --no; inject applies it; check passes', async () => {
    await writeFiles(app, { 'prisma/schema.prisma': SCHEMA, [migration(INIT)]: createTable('Item') })
    const before = await electrify(app, ['check'])
    expect(before.code, before.stderr).toBe(1)
    expect(before.stderr).toContain('error[check/not-electrified]')
    expect(before.stderr).toContain(`npx --no -- electrify inject ${INIT}`)

    const injected = await electrify(app, ['inject', INIT])
    expect(injected.code, injected.stderr).toBe(0)
    expect(await readFile(path.join(app, migration(INIT)), 'utf8')).toContain('ALTER TABLE "Item" ENABLE ELECTRIC;')
    expect(await electrify(app, ['check'])).toMatchObject({ code: 0 })
  })

  test('installed: the one-shot without Prisma installed says how to install it with the project’s package manager', async () => {
    const run = await electrify(app, ['--name', 'x', '--proxy-url', 'postgresql://postgres:secret@127.0.0.1:9/app'])
    expect(run.code).toBe(1)
    expect(run.stderr).toContain('error[prisma/not-found]')
    expect(run.stderr).toContain('npm i -D prisma')
  })

  test('installed: the library imports by its package name', async () => {
    const script = `import('${packed.manifest.name}').then((m) => console.log(typeof m.inject, typeof m.check, typeof m.migrate))`
    const { stdout } = await exec(process.execPath, ['--input-type=module', '-e', script], { cwd: app })
    expect(stdout).toBe('function function function\n')
  })

  test('installed: hook install writes a hook that git runs and that stops a commit missing ENABLE ELECTRIC', async () => {
    const repo = await gitRepo({ '.gitignore': 'node_modules\nvendor\n' })
    await installPacked(repo.dir)
    const hook = await electrify(repo.dir, ['hook', 'install'])
    expect(hook.code).toBe(1) // no schema yet: nothing is written
    await writeFiles(repo.dir, { 'prisma/schema.prisma': SCHEMA, [migration(INIT)]: createTable('Item') })
    const installed = await electrify(repo.dir, ['hook', 'install'])
    expect(installed).toMatchObject({ code: 0, stdout: '✓ created .git/hooks/pre-commit: npx --no -- electrify check --staged\n' })

    await repo.git('add', '-A')
    const refused = await runGit(repo.dir, ['commit', '-m', 'items']).catch((error: { stderr: string }) => error)
    expect(typeof refused === 'object' && refused.stderr).toContain('error[check/not-electrified]')
    await writeFile(path.join(repo.dir, migration(INIT)), `${createTable('Item')}ALTER TABLE "Item" ENABLE ELECTRIC;\n`)
    await repo.git('add', '-A')
    await repo.git('commit', '-q', '-m', 'items')
    expect((await repo.git('log', '--format=%s')).trim()).toBe('items')
  }, 120_000)
})
