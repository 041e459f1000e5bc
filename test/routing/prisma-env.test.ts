import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readPrismaEnv } from '../../src/routing/prisma-env.js'

describe('readPrismaEnv', () => {
  let root: string
  beforeAll(async () => {
    root = await mkdtemp(path.join(os.tmpdir(), 'electrify-prisma-env-'))
    await mkdir(path.join(root, 'prisma'))
    await writeFile(path.join(root, '.env'), 'DATABASE_URL=postgresql://root-env/app\nUSER_NAME=app\n')
    await writeFile(path.join(root, 'prisma', '.env'), 'DATABASE_URL=postgresql://schema-env/app\nSHADOW_DATABASE_URL=postgresql://${USER_NAME}@db/prisma_migrate_shadow_db_x\n')
  })
  afterAll(() => rm(root, { recursive: true, force: true }))

  it('adds the .env files under the environment: the environment wins, then the first file', async () => {
    const schemaPath = path.join(root, 'prisma', 'schema.prisma')
    const result = await readPrismaEnv({ cwd: root, schemaPath, env: { USER_NAME: 'shell' } })
    expect(result.files).toEqual([path.join(root, '.env'), path.join(root, 'prisma', '.env')])
    expect(result.env).toMatchObject({
      USER_NAME: 'shell',
      DATABASE_URL: 'postgresql://root-env/app',
      // ${VAR} expands as dotenv-expand (and Prisma 6) do, from the environment first.
      SHADOW_DATABASE_URL: 'postgresql://shell@db/prisma_migrate_shadow_db_x',
    })
  })

  it('takes a multi-file schema folder as the schema folder, and works without any file', async () => {
    const empty = await mkdtemp(path.join(os.tmpdir(), 'electrify-prisma-env-empty-'))
    try {
      expect(await readPrismaEnv({ cwd: empty, schemaPath: path.join(empty, 'prisma', 'schema'), env: { A: '1' } })).toEqual({ env: { A: '1' }, files: [] })
    } finally {
      await rm(empty, { recursive: true, force: true })
    }
  })
})
