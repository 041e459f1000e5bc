import { readFile } from 'node:fs/promises'
import path from 'node:path'
import { ElectrifyError } from '../errors.js'
import { entryKind } from './fs-entries.js'

export interface PackageJsonSchema {
  /** The nearest package.json, or undefined when there is none up to the file system root. */
  file: string | undefined
  /** `prisma.schema`, resolved against the package.json's folder, when set. */
  schema: string | undefined
}

/** Reads `prisma.schema` from the nearest package.json above `cwd`, as Prisma 6 does (deprecated there). */
export async function readPackageJsonSchema(cwd: string): Promise<PackageJsonSchema> {
  const file = await nearestPackageJson(cwd)
  if (file === undefined) return { file, schema: undefined }
  let json: unknown
  try {
    json = JSON.parse(await readFile(file, 'utf8'))
  } catch (cause) {
    throw new ElectrifyError(`${file} is not valid JSON, so its "prisma.schema" setting cannot be read.`, {
      code: 'project/package-json-invalid',
      file,
      hint: 'Fix the JSON, or pass the schema with --schema <file or folder>.',
      cause,
    })
  }
  const schema = (json as { prisma?: { schema?: unknown } } | null)?.prisma?.schema
  if (schema === undefined) return { file, schema: undefined }
  if (typeof schema !== 'string') {
    throw new ElectrifyError(`"prisma.schema" in ${file} must be a string.`, {
      code: 'project/package-json-invalid',
      file,
      hint: 'Set "prisma": { "schema": "path/to/schema.prisma" }, or pass --schema <file or folder>.',
    })
  }
  return { file, schema: path.resolve(path.dirname(file), schema) }
}

/** The nearest package.json at or above `from`, or undefined up to the file system root. */
export async function nearestPackageJson(from: string): Promise<string | undefined> {
  for (let dir = path.resolve(from); ; dir = path.dirname(dir)) {
    const file = path.join(dir, 'package.json')
    if ((await entryKind(file)) === 'file') return file
    if (path.dirname(dir) === dir) return undefined
  }
}
