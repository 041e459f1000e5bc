/** Small Prisma projects written to a temporary folder for one test (removed when it ends). */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { onTestFinished } from 'vitest'

export const DATASOURCE = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
`

/** Writes `files` (paths relative to the folder) into a fresh temporary folder. */
export async function tempProject(files: Record<string, string>, prefix = 'electrify-check-'): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), prefix))
  onTestFinished(() => rm(dir, { recursive: true, force: true }))
  await writeFiles(dir, files)
  return dir
}

export async function writeFiles(dir: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    const file = path.join(dir, name)
    await mkdir(path.dirname(file), { recursive: true })
    await writeFile(file, content)
  }
}

export const migration = (name: string) => `prisma/migrations/${name}/migration.sql`

/** `CREATE TABLE "T" ("id" TEXT NOT NULL, …, PRIMARY KEY)` as Prisma writes it. */
export function createTable(table: string, columns: string[] = []): string {
  const body = ['"id" TEXT NOT NULL', ...columns, `CONSTRAINT "${table}_pkey" PRIMARY KEY ("id")`].map((c) => `    ${c}`).join(',\n')
  return `-- CreateTable\nCREATE TABLE "${table}" (\n${body}\n);\n`
}

export const enable = (table: string) => `ALTER TABLE "${table}" ENABLE ELECTRIC;\n`

/** The one-model project most command tests start from: Item annotated, its table, the first migration's name. */
export const ITEM_SCHEMA = `${DATASOURCE}
/// @electric
model Item {
  id    String @id
  title String
}
`
export const ITEM_TABLE = createTable('Item', ['"title" TEXT NOT NULL'])
export const INIT = '20240101000000_init'
