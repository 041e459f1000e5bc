/**
 * The project's Prisma CLI and whether electrify supports its major (5, 6, 7): a project installing
 * another one is told so before anything runs, with the install command of its own package manager.
 */
import { chmod, stat } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import { cli } from '../commands/run-cli.js'
import { DATASOURCE, tempProject } from '../commands/temp-project.js'
import { findPrisma } from '../../src/prisma/find-prisma.js'

/** A project whose node_modules holds a Prisma CLI of `version`; its bin leaves a file behind if it is ever run. */
async function projectWithPrisma(version: string, extra: Record<string, string> = {}) {
  const dir = await tempProject({
    'package.json': '{ "name": "app", "private": true }\n',
    'prisma/schema.prisma': DATASOURCE,
    'node_modules/prisma/package.json': JSON.stringify({ name: 'prisma', version }),
    'node_modules/.bin/prisma': '#!/bin/sh\ntouch "$(dirname "$0")/../../prisma-was-run"\n',
    ...extra,
  })
  await chmod(path.join(dir, 'node_modules/.bin/prisma'), 0o755)
  return dir
}

test.each(['5.22.0', '6.19.3', '7.1.0'])('Prisma %s is supported: the CLI is found with its version', async (version) => {
  const dir = await projectWithPrisma(version)
  expect(await findPrisma(dir)).toMatchObject({ file: path.join(dir, 'node_modules/.bin/prisma'), args: [], version: { version, major: Number(version[0]) } })
})

test('Prisma 4: the one-shot stops before running anything, says which Prisma it found and how to upgrade it with pnpm', async () => {
  const dir = await projectWithPrisma('4.16.2', { 'pnpm-lock.yaml': '' })
  const run = await cli(['--cwd', dir, '--name', 'init', '--proxy-url', 'postgresql://postgres:secret@127.0.0.1:9/app', '--json'])
  expect(run.code).toBe(1)
  const { error } = JSON.parse(run.stdout)
  expect(error).toMatchObject({ code: 'prisma/unsupported-version', file: path.join(dir, 'node_modules/prisma/package.json') })
  expect(error.message).toBe('the project uses Prisma 4.16.2, which electrify does not support (it supports Prisma 5, 6 and 7)')
  expect(error.hint).toContain('`pnpm add -D prisma@6`')
  await expect(stat(path.join(dir, 'prisma-was-run'))).rejects.toMatchObject({ code: 'ENOENT' })
})

test('a newer major than electrify knows is refused too, pointing at an electrify update', async () => {
  const dir = await projectWithPrisma('8.0.0')
  await expect(findPrisma(dir)).rejects.toMatchObject({ code: 'prisma/unsupported-version', hint: expect.stringContaining('update electrify') })
})

test('--prisma names the command: the version is not looked for (it may run another Prisma)', async () => {
  const dir = await projectWithPrisma('4.16.2')
  expect(await findPrisma(dir, 'npx prisma@6')).toEqual({ file: 'npx', args: ['prisma@6'] })
})

test('no Prisma at all: the install command follows the lockfile', async () => {
  const dir = await tempProject({ 'package.json': '{}', 'yarn.lock': '' })
  await expect(findPrisma(dir)).rejects.toMatchObject({ code: 'prisma/not-found', hint: expect.stringContaining('`yarn add -D prisma`') })
})
