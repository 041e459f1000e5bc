/**
 * Hooks in a monorepo, run by git at the repository's top while the Prisma project is in apps/web:
 * `electrify hook install --cwd apps/web` run from the top (a plain git hook, and husky), and the
 * documented recipes for lint-staged and the pre-commit framework (docs/pre-commit.md, and this
 * repository's .pre-commit-hooks.yaml). Each in two layouts, with the packed electrify installed as
 * users install it (test/package/packed.ts):
 *
 * - npm workspaces: electrify is a devDependency of apps/web, hoisted to the top's node_modules;
 * - a non-hoisted install: apps/web is a project of its own, electrify in apps/web/node_modules only.
 *
 * Each commit that stages a migration without ENABLE ELECTRIC for an annotated model must be refused
 * by the check, and the fixed commit must go through.
 */
import { execFile } from 'node:child_process'
import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify, stripVTControlCharacters } from 'node:util'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { REPO_ROOT } from '../harness/repo-root.js'
import { createTable, DATASOURCE, enable, writeFiles } from '../commands/temp-project.js'
import { installPacked } from '../package/packed.js'
import { gitRepo, isolateGitConfig, runGit, type GitRepo } from './git-repo.js'

isolateGitConfig()

const exec = promisify(execFile)
const GIT_ENV = { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1' }
const SCHEMA = `${DATASOURCE}\n/// @electric\nmodel Item {\n  id String @id\n}\n`
const MIGRATION = 'apps/web/prisma/migrations/20240101000000_init/migration.sql'
const TOOLS = ['husky', 'lint-staged']

type Layout = 'workspaces' | 'non-hoisted'

interface Monorepo extends GitRepo {
  /** The installed electrify bin, wherever the layout puts it. */
  bin: string
  /** The first commit. */
  start: string
}

/**
 * A repository whose project is in apps/web, with electrify installed as the layout does it, and a first
 * commit. Made once per layout (installs take a while); each test starts from `fresh`.
 */
async function monorepo(layout: Layout): Promise<Monorepo> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'electrify-monorepo-'))
  const git = (...args: string[]) => runGit(dir, args)
  await git('init', '-q', '-b', 'main')
  await git('config', 'user.email', 'test@example.com')
  await git('config', 'user.name', 'electrify test')
  await writeFiles(dir, { '.gitignore': 'node_modules\nvendor\n', 'apps/web/prisma/schema.prisma': SCHEMA })
  if (layout === 'workspaces') {
    await installPacked(dir, { packageJson: { workspaces: ['apps/*'] }, tools: TOOLS, workspace: 'apps/web' })
  } else {
    await installPacked(dir, { tools: TOOLS, withoutElectrify: true })
    await installPacked(path.join(dir, 'apps/web'))
  }
  await git('add', '-A')
  await git('commit', '-q', '--no-verify', '-m', 'start')
  const bin = path.join(dir, layout === 'workspaces' ? 'node_modules/.bin/electrify' : 'apps/web/node_modules/.bin/electrify')
  return { dir, git, bin, start: (await git('rev-parse', 'HEAD')).trim() }
}

/** Back to the first commit, with no hook and no hook configuration. */
async function fresh(repo: Monorepo): Promise<Monorepo> {
  await repo.git('reset', '-q', '--hard', repo.start)
  await repo.git('clean', '-q', '-fdx', '--exclude=node_modules', '--exclude=vendor')
  await repo.git('config', '--unset-all', 'core.hooksPath').catch(() => {})
  await rm(path.join(repo.dir, '.git/hooks/pre-commit'), { force: true })
  return repo
}

/** `electrify <args>` started at the repository's top, as a user in a terminal there would. */
async function electrify(repo: Monorepo, args: string[]): Promise<{ stdout: string; stderr: string }> {
  return exec(repo.bin, args, { cwd: repo.dir, env: { ...process.env, ...GIT_ENV, NO_COLOR: '1' } })
}

/** A commit staging a migration that does not electrify Item is refused with the check's finding; the fixed one goes through. */
async function expectCheckOnCommit(repo: Monorepo): Promise<void> {
  await writeFiles(repo.dir, { [MIGRATION]: createTable('Item') })
  await repo.git('add', '-A')
  const refused = await runGit(repo.dir, ['commit', '-m', 'items']).then(
    () => undefined,
    (error: { stdout: string; stderr: string }) => error,
  )
  expect(refused, 'the commit should have been refused').toBeDefined()
  // lint-staged has the check print in colour: what people read, without the colour codes
  expect(stripVTControlCharacters(refused!.stdout + refused!.stderr)).toContain('error[check/not-electrified]')
  expect((await repo.git('log', '--format=%s')).trim()).toBe('start')

  await writeFile(path.join(repo.dir, MIGRATION), createTable('Item') + enable('Item'))
  await repo.git('add', '-A')
  await runGit(repo.dir, ['commit', '-q', '-m', 'items'])
  expect((await repo.git('log', '--format=%s')).split('\n')[0]).toBe('items')
}

/** The command the hook runs for apps/web, as `hook install --dry-run` gives it for this repository. */
async function hookCommand(repo: Monorepo): Promise<string> {
  const { stdout } = await electrify(repo, ['hook', 'install', '--cwd', 'apps/web', '--dry-run', '--json'])
  return (JSON.parse(stdout) as { command: string }).command
}

const preCommit = await exec('pre-commit', ['--version']).then(
  () => true,
  () => false,
)
if (!preCommit && process.env.CI) throw new Error('the pre-commit framework (Debian package pre-commit) is not installed: .ci/run installs it')

describe.each<Layout>(['workspaces', 'non-hoisted'])('%s', (layout) => {
  let made: Monorepo
  beforeAll(async () => {
    made = await monorepo(layout)
  }, 180_000)
  afterAll(() => rm(made.dir, { recursive: true, force: true }))
  test('hook install --cwd apps/web from the top: a git hook that works where git runs it', async () => {
    const repo = await fresh(made)
    const { stdout } = await electrify(repo, ['hook', 'install', '--cwd', 'apps/web'])
    // (paths are shown from the project folder, --cwd)
    expect(stdout).toBe('✓ created ../../.git/hooks/pre-commit: npm exec --prefix apps/web --no -- electrify check --staged --cwd apps/web\n')
    await expectCheckOnCommit(repo)
  })

  test('husky: hook install adds the check to .husky/pre-commit, which husky runs', async () => {
    const repo = await fresh(made)
    await exec(path.join(repo.dir, 'node_modules/.bin/husky'), ['init'], { cwd: repo.dir, env: { ...process.env, ...GIT_ENV } })
    await writeFile(path.join(repo.dir, '.husky/pre-commit'), 'echo "husky ran"\n') // `husky init` writes `npm test`
    await electrify(repo, ['hook', 'install', '--cwd', 'apps/web'])
    expect(await readFile(path.join(repo.dir, '.husky/pre-commit'), 'utf8')).toContain('echo "husky ran"\n\n# electrify')
    await expectCheckOnCommit(repo)
  })

  test('lint-staged: the function form in a config at the top, with the command hook install gives', async () => {
    const repo = await fresh(made)
    const command = await hookCommand(repo)
    await writeFile(path.join(repo.dir, 'lint-staged.config.mjs'), `export default {\n  '*.{prisma,sql}': () => ${JSON.stringify(command)},\n}\n`)
    await writeFile(path.join(repo.dir, '.git/hooks/pre-commit'), '#!/bin/sh\nexec node_modules/.bin/lint-staged\n', { mode: 0o755 })
    await expectCheckOnCommit(repo)
  })

  test.runIf(preCommit)('pre-commit (the framework): a local hook with the command hook install gives', async () => {
    const repo = await fresh(made)
    const command = await hookCommand(repo)
    const config = [
      'repos:',
      '  - repo: local',
      '    hooks:',
      '      - id: electrify-check',
      '        name: electrify check',
      `        entry: ${command}`,
      '        language: system',
      '        pass_filenames: false',
      "        files: (\\.prisma|(^|/)migration\\.sql)$",
      '',
    ].join('\n')
    await writeFile(path.join(repo.dir, '.pre-commit-config.yaml'), config)
    await exec('pre-commit', ['install'], { cwd: repo.dir, env: { ...process.env, ...GIT_ENV } })
    await expectCheckOnCommit(repo)
  })

  test.runIf(preCommit)("pre-commit (the framework): this repository's electrify-check hook, with the entry hook install gives", async () => {
    const repo = await fresh(made)
    const command = await hookCommand(repo)
    // This repository's hook definition, served from a local git repository as pre-commit fetches hooks.
    const hooks = await gitRepo()
    await copyFile(path.join(REPO_ROOT, '.pre-commit-hooks.yaml'), path.join(hooks.dir, '.pre-commit-hooks.yaml'))
    await hooks.git('add', '-A')
    await hooks.git('commit', '-q', '-m', 'hooks')
    const rev = (await hooks.git('rev-parse', 'HEAD')).trim()
    // With electrify hoisted to the top, the hook's own entry finds it and `args` says where the project is;
    // otherwise `entry` is replaced by the command hook install gives.
    const hookSettings = layout === 'workspaces' ? ['        args: [--cwd, apps/web]'] : [`        entry: ${command}`]
    await writeFile(path.join(repo.dir, '.pre-commit-config.yaml'), ['repos:', `  - repo: ${hooks.dir}`, `    rev: ${rev}`, '    hooks:', '      - id: electrify-check', ...hookSettings, ''].join('\n'))
    await exec('pre-commit', ['install'], { cwd: repo.dir, env: { ...process.env, ...GIT_ENV } })
    await expectCheckOnCommit(repo)
  })
})
