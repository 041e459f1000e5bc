import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { findPrismaVersion } from '../../src/prisma/find-prisma.js'

describe('findPrismaVersion', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'electrify-prisma-version-'))
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  async function install(dir: string, packageJson: string): Promise<string> {
    const file = path.join(dir, 'node_modules', 'prisma', 'package.json')
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, packageJson)
    return file
  }

  it('finds the prisma package of a folder above (a workspace hoists it), the nearest one first', async () => {
    const hoisted = await install(root, JSON.stringify({ name: 'prisma', version: '7.10.1' }))
    const app = path.join(root, 'packages', 'app')
    await mkdir(app, { recursive: true })
    expect(await findPrismaVersion(app)).toEqual({ version: '7.10.1', major: 7, file: hoisted })
    const own = await install(path.join(root, 'packages'), JSON.stringify({ name: 'prisma', version: '5.22.0' }))
    expect(await findPrismaVersion(app)).toEqual({ version: '5.22.0', major: 5, file: own })
  })

  it('gives undefined for a package.json without a readable version', async () => {
    const dir = path.join(root, 'broken')
    await install(dir, '{ not json')
    expect(await findPrismaVersion(dir)).toBeUndefined()
  })

  it("reads this checkout's own Prisma 6", async () => {
    expect(await findPrismaVersion(process.cwd())).toMatchObject({ major: 6, version: expect.stringMatching(/^6\.\d+\.\d+/) })
  })
})
