import { readdirSync, readFileSync, statSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import type { SchemaFile } from '../../src/schema/parse-schema.js'

export const schemasDir = fileURLToPath(new URL('../../fixtures/schemas/', import.meta.url))

/** A fixture under fixtures/schemas: one file, or every .prisma file of a folder (sorted, recursive). */
export function schemaFixture(name: string): SchemaFile[] {
  return readSchema(path.join(schemasDir, name))
}

export function readSchema(location: string): SchemaFile[] {
  if (statSync(location).isFile()) return [{ path: location, content: readFileSync(location, 'utf8') }]
  return (readdirSync(location, { recursive: true }) as string[])
    .filter((f) => f.endsWith('.prisma'))
    .sort()
    .map((f) => ({ path: path.join(location, f), content: readFileSync(path.join(location, f), 'utf8') }))
}

/** The 1-based number of the first line (at or after `from`) that is exactly `text`, to avoid counting by hand. */
export function lineOf(file: SchemaFile, text: string, from = 1): number {
  const index = file.content.split('\n').findIndex((l, i) => i + 1 >= from && l.replace(/\r$/, '') === text)
  if (index < 0) throw new Error(`no line "${text}" in ${file.path}`)
  return index + 1
}
