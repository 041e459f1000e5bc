/** Reading the git index: which files are staged, and their staged content (not the working tree's). */
import { rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import { listStagedFiles, readBlobs } from '../../src/git/staged-files.js'
import { tempProject } from '../commands/temp-project.js'
import { gitRepo, isolateGitConfig } from './git-repo.js'

isolateGitConfig()

test('lists stage-0 entries under the given paths and reads the staged bytes, whatever the working tree holds', async () => {
  const repo = await gitRepo({ 'a/one.sql': 'one\n', 'a/b/two.sql': 'two\n', 'a/[odd] *name?.sql': 'odd\n', 'other.txt': 'x' })
  await repo.git('add', '-A')
  await writeFile(path.join(repo.dir, 'a/one.sql'), 'changed, not staged\n')
  await rm(path.join(repo.dir, 'a/b/two.sql'))
  await writeFile(path.join(repo.dir, 'a/untracked.sql'), 'untracked\n')

  const staged = await listStagedFiles(repo.dir, [path.join(repo.dir, 'a')])
  expect(staged.map((f) => path.relative(repo.dir, f.path)).sort()).toEqual(['a/[odd] *name?.sql', 'a/b/two.sql', 'a/one.sql'])
  expect(staged.every((f) => f.mode === '100644' && /^[0-9a-f]{40}$/.test(f.object))).toBe(true)
  const blobs = await readBlobs(repo.dir, staged.map((f) => f.object))
  const text = (name: string) => blobs.get(staged.find((f) => f.path === path.join(repo.dir, name))!.object)!.toString('utf8')
  expect(text('a/one.sql')).toBe('one\n')
  expect(text('a/b/two.sql')).toBe('two\n')

  // Pathspecs are literal: `*` in a folder name matches only itself.
  expect(await listStagedFiles(repo.dir, ['a/[odd] *name?.sql'])).toHaveLength(1)
  expect(await listStagedFiles(repo.dir, ['a/*.sql'])).toEqual([])
})

test('empty, binary and large blobs come back byte for byte', async () => {
  const big = 'x'.repeat(3_000_000)
  const repo = await gitRepo({ 'empty.sql': '', 'big.sql': big })
  await writeFile(path.join(repo.dir, 'bin.dat'), Buffer.from([0, 10, 255, 10, 0]))
  await repo.git('add', '-A')
  const staged = await listStagedFiles(repo.dir, ['.'])
  const blobs = await readBlobs(repo.dir, staged.map((f) => f.object))
  const bytes = (name: string) => blobs.get(staged.find((f) => path.basename(f.path) === name)!.object)!
  expect(bytes('empty.sql').length).toBe(0)
  expect(bytes('big.sql').toString()).toBe(big)
  expect([...bytes('bin.dat')]).toEqual([0, 10, 255, 10, 0])
})

test('outside a git repository: a usage error (exit code 2) that says so', async () => {
  const dir = await tempProject({ 'x.sql': '' })
  await expect(listStagedFiles(dir, ['.'])).rejects.toMatchObject({ code: 'git/not-a-repository', exitCode: 2 })
})
