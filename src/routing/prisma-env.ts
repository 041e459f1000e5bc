import { readFile } from 'node:fs/promises'
import path from 'node:path'
import dotenv from 'dotenv'
import { expand } from 'dotenv-expand'
import type { Environment } from './resolve-url.js'

export interface PrismaEnv {
  env: Record<string, string | undefined>
  /** The `.env` files found, in the order they count. */
  files: string[]
}

/**
 * The variables the Prisma child may see, to decide about its shadow database: the environment, then
 * `.env` in the working directory, beside the schema and in `prisma/`. Prisma 5/6 load those when there
 * is no prisma.config.*, and configs commonly load `.env` themselves (`import 'dotenv/config'`); none of
 * them overrides a variable that is already set, so the environment wins, then the first file. Reading
 * them all, electrify sees a shadow URL wherever the project keeps it (and sets it explicitly, which
 * every loader then keeps).
 */
export async function readPrismaEnv(options: { cwd: string; schemaPath: string; env: Environment }): Promise<PrismaEnv> {
  const schemaDir = path.extname(options.schemaPath) === '.prisma' ? path.dirname(options.schemaPath) : options.schemaPath
  const candidates = [...new Set([options.cwd, schemaDir, path.join(options.cwd, 'prisma')].map((dir) => path.resolve(dir, '.env')))]
  const env: Record<string, string | undefined> = { ...options.env }
  const files: string[] = []
  for (const file of candidates) {
    const content = await readFile(file, 'utf8').catch(() => undefined)
    if (content === undefined) continue
    files.push(file)
    const processEnv = Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined))
    const { parsed = {} } = expand({ parsed: dotenv.parse(content), processEnv })
    for (const [key, value] of Object.entries(parsed)) env[key] ??= value
  }
  return { env, files }
}
