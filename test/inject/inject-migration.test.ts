import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { injectIntoMigration } from '../../src/inject/inject-migration.js'

let dir: string
beforeEach(async () => (dir = await mkdtemp(path.join(os.tmpdir(), 'electrify-inject-'))))
afterEach(() => rm(dir, { recursive: true, force: true }))

const item = { schema: 'public', name: 'Item' }

test('keeps every original byte (BOM, CRLF, bytes that are not UTF-8) and only appends', async () => {
  const file = path.join(dir, 'migration.sql')
  const original = Buffer.concat([Buffer.from('\uFEFF-- caf'), Buffer.from([0xe9]), Buffer.from('\r\nCREATE TABLE "Item" ();\r\n')])
  await writeFile(file, original)
  const result = await injectIntoMigration(file, [item])
  const after = await readFile(file)
  expect(result.written).toBe(true)
  expect(after.subarray(0, original.length).equals(original)).toBe(true)
  expect(after.subarray(original.length).toString()).toBe('\r\n-- electrify: enable Electric sync for annotated models\r\nALTER TABLE "Item" ENABLE ELECTRIC;\r\n')
  expect(await readdir(dir)).toEqual(['migration.sql'])
})

test('dry run and nothing-to-do leave the file untouched', async () => {
  const file = path.join(dir, 'migration.sql')
  await writeFile(file, 'CREATE TABLE "Item" ();\n')
  const dry = await injectIntoMigration(file, [item], { dryRun: true })
  expect(dry).toMatchObject({ written: false, appended: expect.stringContaining('ENABLE ELECTRIC') })
  expect(await injectIntoMigration(file, [])).toMatchObject({ written: false, appended: '' })
  expect(await readFile(file, 'utf8')).toBe('CREATE TABLE "Item" ();\n')
})

test('a failed write leaves the original file and no temporary file', async () => {
  const file = path.join(dir, 'missing', 'migration.sql')
  await expect(injectIntoMigration(file, [item])).rejects.toThrow(/ENOENT/)
  expect(await readdir(dir)).toEqual([])
})
