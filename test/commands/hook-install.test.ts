/**
 * `electrify hook install` on real git repositories: husky or .git/hooks, existing hooks kept,
 * idempotent; and the installed hook really stops a commit (git runs it, npx finds electrify).
 */
import { mkdir, readFile, stat, symlink, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { HOOK_MARKER, hookInstall } from '../../src/commands/hook-install.js'
import { gitRepo, isolateGitConfig, runGit } from '../git/git-repo.js'
import { cli } from './run-cli.js'
import { createTable, DATASOURCE, enable, migration } from './temp-project.js'

isolateGitConfig()

const LINE = 'npx --no -- electrify check --staged || exit $?'
const PROJECT = { 'prisma/schema.prisma': DATASOURCE }
const isExecutable = async (file: string) => ((await stat(file)).mode & 0o111) === 0o111

test('no husky: a new .git/hooks/pre-commit, executable; installing again changes nothing', async () => {
  const repo = await gitRepo(PROJECT)
  const first = await cli(['hook', 'install', '--cwd', repo.dir])
  expect(first.code, first.stderr).toBe(0)
  expect(first.stdout).toBe('✓ created .git/hooks/pre-commit: npx --no -- electrify check --staged\n')
  const file = path.join(repo.dir, '.git/hooks/pre-commit')
  const content = await readFile(file, 'utf8')
  expect(content).toBe(`#!/bin/sh\n${HOOK_MARKER}\n${LINE}\n`)
  expect(await isExecutable(file)).toBe(true)

  const second = await cli(['hook', 'install', '--cwd', repo.dir, '--json'])
  expect(JSON.parse(second.stdout)).toMatchObject({ ok: true, kind: 'git', status: 'unchanged' })
  expect(await readFile(file, 'utf8')).toBe(content)
})

test('an existing hook keeps every line; the check goes before a final `exit 0`, which would skip it', async () => {
  const repo = await gitRepo(PROJECT)
  const file = path.join(repo.dir, '.git/hooks/pre-commit')
  await writeFile(file, '#!/bin/sh\n# lint first\nnpm run lint\nexit 0\n', { mode: 0o644 })
  expect(await hookInstall({}, { cwd: repo.dir })).toMatchObject({ kind: 'git', status: 'added' })
  expect(await readFile(file, 'utf8')).toBe(`#!/bin/sh\n# lint first\nnpm run lint\n${HOOK_MARKER}\n${LINE}\nexit 0\n`)
  expect(await isExecutable(file)).toBe(true)
  expect(await hookInstall({}, { cwd: repo.dir })).toMatchObject({ status: 'unchanged' })

  const plain = await gitRepo(PROJECT)
  const other = path.join(plain.dir, '.git/hooks/pre-commit')
  await writeFile(other, '#!/bin/sh\nnpm test', { mode: 0o755 })
  await hookInstall({}, { cwd: plain.dir })
  expect(await readFile(other, 'utf8')).toBe(`#!/bin/sh\nnpm test\n\n${HOOK_MARKER}\n${LINE}\n`)
})

test('husky: .husky/pre-commit, with or without core.hooksPath set yet, keeping its commands', async () => {
  const repo = await gitRepo({ ...PROJECT, '.husky/pre-commit': 'npm test\n', '.husky/_/h': '' })
  await repo.git('config', 'core.hooksPath', '.husky/_')
  const outcome = await hookInstall({}, { cwd: repo.dir })
  expect(outcome).toMatchObject({ kind: 'husky', status: 'added', file: path.join(repo.dir, '.husky/pre-commit') })
  expect(await readFile(path.join(repo.dir, '.husky/pre-commit'), 'utf8')).toBe(`npm test\n\n${HOOK_MARKER}\n${LINE}\n`)
  await expect(stat(path.join(repo.dir, '.git/hooks/pre-commit'))).rejects.toMatchObject({ code: 'ENOENT' })

  // A fresh clone: husky has not run (no core.hooksPath), but the project has .husky/.
  const clone = await gitRepo({ ...PROJECT, '.husky/commit-msg': 'npx commitlint --edit "$1"\n' })
  const created = await cli(['hook', 'install', '--cwd', clone.dir])
  expect(created.stdout).toBe('✓ created .husky/pre-commit (husky): npx --no -- electrify check --staged\n')
  expect(await readFile(path.join(clone.dir, '.husky/pre-commit'), 'utf8')).toBe(`${HOOK_MARKER}\n${LINE}\n`)
})

test('another core.hooksPath is used as is; a project in a subfolder is run with its package manager from the top folder', async () => {
  const repo = await gitRepo({ 'apps/web/package.json': '{}', 'pnpm-lock.yaml': '', 'apps/web/prisma/schema.prisma': DATASOURCE })
  await repo.git('config', 'core.hooksPath', '.githooks')
  const outcome = await hookInstall({ schema: 'prisma/schema.prisma' }, { cwd: path.join(repo.dir, 'apps/web') })
  const command = 'pnpm --dir apps/web exec electrify check --staged --schema prisma/schema.prisma'
  expect(outcome).toMatchObject({ kind: 'git', file: path.join(repo.dir, '.githooks/pre-commit'), command })
  expect(await readFile(outcome.file, 'utf8')).toContain(`${command} || exit $?\n`)
})

// The forms below were each run with the manager itself (npm 10 and 11, pnpm 10, yarn 1.22 and 4, bun 1.4):
// each finds a bin installed in the subfolder or hoisted to the top, and fails rather than download one.
test.each([
  ['npm', 'package-lock.json', 'npx --no -- electrify check --staged', 'npm exec --prefix apps/web --no -- electrify check --staged --cwd apps/web'],
  ['pnpm', 'pnpm-lock.yaml', 'pnpm exec electrify check --staged', 'pnpm --dir apps/web exec electrify check --staged'],
  ['yarn', 'yarn.lock', 'yarn electrify check --staged', 'yarn --cwd apps/web electrify check --staged'],
  ['bun', 'bun.lock', 'bunx --no-install electrify check --staged', 'bunx --no-install --cwd apps/web electrify check --staged'],
])('%s (%s): the hook runs the installed electrify, never a download', async (_name, lockfile, atTop, inSubfolder) => {
  const top = await gitRepo({ [lockfile]: '', 'package.json': '{}', ...PROJECT })
  expect(await hookInstall({ dryRun: true }, { cwd: top.dir })).toMatchObject({ command: atTop })
  const mono = await gitRepo({ [lockfile]: '', 'package.json': '{}', 'apps/web/package.json': '{}', 'apps/web/prisma/schema.prisma': DATASOURCE })
  expect(await hookInstall({ dryRun: true }, { cwd: path.join(mono.dir, 'apps/web') })).toMatchObject({ command: inSubfolder })
})

test("a hook generated by the pre-commit framework is not edited: exit 2 and the recipe's place", async () => {
  const repo = await gitRepo(PROJECT)
  const file = path.join(repo.dir, '.git/hooks/pre-commit')
  const generated = '#!/usr/bin/env bash\n# File generated by pre-commit: https://pre-commit.com\nexec pre-commit "$@"\n'
  await writeFile(file, generated, { mode: 0o755 })
  const run = await cli(['hook', 'install', '--cwd', repo.dir])
  expect(run.code).toBe(2)
  expect(run.stderr).toMatch(/error\[hook\/managed-by-tool\].*pre-commit framework/)
  expect(run.stderr).toContain('.pre-commit-config.yaml')
  expect(await readFile(file, 'utf8')).toBe(generated)
})

test('no schema to be found from the project folder: exit 2 before anything is written (the hook would stop every commit)', async () => {
  const repo = await gitRepo({ 'apps/web/prisma/schema.prisma': DATASOURCE })
  const run = await cli(['hook', 'install', '--cwd', repo.dir])
  expect(run.code).toBe(1)
  expect(run.stderr).toMatch(/error\[project\/schema-not-found\]/)
  await expect(stat(path.join(repo.dir, '.git/hooks/pre-commit'))).rejects.toMatchObject({ code: 'ENOENT' })
  expect((await cli(['hook', 'install', '--cwd', path.join(repo.dir, 'apps/web')])).code).toBe(0)
})

test('--dry-run writes nothing', async () => {
  const repo = await gitRepo(PROJECT)
  const run = await cli(['hook', 'install', '--cwd', repo.dir, '--dry-run'])
  expect(run.stdout).toBe('✓ dry run, would have created .git/hooks/pre-commit: npx --no -- electrify check --staged\n')
  await expect(stat(path.join(repo.dir, '.git/hooks/pre-commit'))).rejects.toMatchObject({ code: 'ENOENT' })
})

test('the installed hook stops a commit whose staged migrations do not electrify an annotated model, and lets the fix through', async () => {
  const bin = fileURLToPath(new URL('../../bin/electrify.js', import.meta.url))
  const schema = `${DATASOURCE}\n/// @electric\nmodel Item {\n  id String @id\n}\n`
  const repo = await gitRepo({ 'package.json': '{ "name": "app", "private": true }\n', '.gitignore': 'node_modules\n', 'prisma/schema.prisma': schema, [migration('20240101000000_init')]: createTable('Item') })
  // The project's own electrify, as `npm install --save-dev prisma-electrify` would link it.
  await mkdir(path.join(repo.dir, 'node_modules/.bin'), { recursive: true })
  await symlink(bin, path.join(repo.dir, 'node_modules/.bin/electrify'))
  expect((await cli(['hook', 'install', '--cwd', repo.dir])).code).toBe(0)

  await repo.git('add', '-A')
  const refused = await runGit(repo.dir, ['commit', '-m', 'add items']).then(
    () => undefined,
    (error: { stderr: string }) => error,
  )
  expect(refused, 'the commit should have been refused').toBeDefined()
  expect(refused!.stderr).toContain('error[check/not-electrified]')
  expect(refused!.stderr).toContain('npx --no -- electrify inject 20240101000000_init')
  expect(await repo.git('rev-list', '--all')).toBe('')

  await writeFile(path.join(repo.dir, migration('20240101000000_init')), createTable('Item') + enable('Item'))
  await repo.git('add', '-A')
  await repo.git('commit', '-q', '-m', 'add items')
  expect((await repo.git('log', '--format=%s')).trim()).toBe('add items')
}, 60_000)
