/** `electrify inject` through the CLI entry point: exit codes, --json, --dry-run, colours. */
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { cli } from '../commands/run-cli.js'
import { historyDir } from '../fixture-history.js'

const SCHEMA = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}

enum Role {
  reader
  author
}

/// @electric
model User {
  id    String @id @default(uuid())
  email String @unique
  role  Role
  bio   String
  posts Post[]
}

/// @electric
model Post {
  id       String    @id @default(uuid())
  title    String
  authorId String
  author   User      @relation(fields: [authorId], references: [id])
  comments Comment[]
}

// @electric
model Comment {
  id       String    @id @default(uuid())
  postId   String
  post     Post      @relation(fields: [postId], references: [id])
  parentId String?
  parent   Comment?  @relation("thread", fields: [parentId], references: [id])
  replies  Comment[] @relation("thread")

  @@map("comments")
}
`

let dir: string
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'electrify-cli-'))
  await cp(historyDir('blog'), path.join(dir, 'prisma/migrations'), { recursive: true })
  await writeFile(path.join(dir, 'prisma/schema.prisma'), SCHEMA)
})
afterEach(() => rm(dir, { recursive: true, force: true }))

const newest = () => path.join(dir, 'prisma/migrations/20240301000000_empty/migration.sql')

test('injects into the newest migration, warns about a two-slash annotation, and a second run changes nothing', async () => {
  const first = await cli(['inject', '--cwd', dir])
  expect(first.code).toBe(0)
  expect(first.stdout).toBe('✓ prisma/migrations/20240301000000_empty/migration.sql: electrified "User", "Post"\n')
  expect(first.stderr).toMatch(/prisma\/schema\.prisma:\d+: warning\[annotation\/two-slash-comment\]/)
  const written = await readFile(newest(), 'utf8')
  expect(written).toBe('-- This is an empty migration.\n\n-- electrify: enable Electric sync for annotated models\nALTER TABLE "User" ENABLE ELECTRIC;\nALTER TABLE "Post" ENABLE ELECTRIC;\n')

  const second = await cli(['inject', '--cwd', dir])
  expect(second.code).toBe(0)
  expect(second.stdout).toMatch(/nothing to add/)
  expect(await readFile(newest(), 'utf8')).toBe(written)
})

test('--dry-run prints the block and writes nothing; --json prints one document on stdout', async () => {
  const dry = await cli(['inject', '--cwd', dir, '--dry-run'])
  expect(dry.stdout).toContain('ALTER TABLE "User" ENABLE ELECTRIC;')
  expect(await readFile(newest(), 'utf8')).toBe('-- This is an empty migration.\n')

  const json = await cli(['inject', '20240101', '--cwd', dir, '--json'])
  const document = JSON.parse(json.stdout)
  expect(document).toMatchObject({ ok: true, migration: '20240101000000_init', written: true, dryRun: false })
  expect(document.tables.map((t: { table: { name: string } }) => t.table.name)).toEqual(['User', 'Post'])
  expect(document.findings.map((f: { code: string }) => f.code)).toContain('annotation/two-slash-comment')
})

test('exit 1 with file:line for an invalid schema, exit 2 for a usage error, in --json too', async () => {
  await writeFile(path.join(dir, 'prisma/schema.prisma'), `${SCHEMA}\nmodel Broken {\n  id Nope @id\n}\n`)
  const broken = await cli(['inject', '--cwd', dir])
  expect(broken.code).toBe(1)
  expect(broken.stderr).toMatch(/^prisma\/schema\.prisma:42: error\[schema\/invalid\]/m)
  expect(await readFile(newest(), 'utf8')).toBe('-- This is an empty migration.\n')

  await writeFile(path.join(dir, 'prisma/schema.prisma'), SCHEMA)
  const unknown = await cli(['inject', 'nope', '--cwd', dir, '--json'])
  expect(unknown.code).toBe(2)
  expect(JSON.parse(unknown.stdout)).toMatchObject({ ok: false, error: { code: 'inject/unknown-migration' } })
  expect((await cli(['inject', '--frobnicate'])).code).toBe(2)
})

test('colour: off by default off a terminal and with NO_COLOR or --no-color, on with FORCE_COLOR', async () => {
  const ansi = /\u001b\[/
  expect((await cli(['inject', '--cwd', dir, '--dry-run'])).stderr).not.toMatch(ansi)
  expect((await cli(['inject', '--cwd', dir, '--dry-run'], { FORCE_COLOR: '1' })).stderr).toMatch(ansi)
  expect((await cli(['inject', '--cwd', dir, '--dry-run'], { FORCE_COLOR: '1', NO_COLOR: '1' })).stderr).not.toMatch(ansi)
  expect((await cli(['inject', '--cwd', dir, '--dry-run', '--no-color'], { FORCE_COLOR: '1' })).stderr).not.toMatch(ansi)
})
