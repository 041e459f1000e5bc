/**
 * The paths electrify looks at to find a project, before it knows where the schema is: Prisma's config
 * files and default schema places (find-project.ts), and the files that name the package manager
 * (package-manager-detector, package-manager.ts). In one place, because a repeated `check` is answered
 * from its last output only while none of them changed (cli/check-replay.ts).
 */
import path from 'node:path'

/**
 * Where Prisma 6 looks for its config file (c12 with name `prisma`, see @prisma/config): in the working
 * directory, then in its `.config/` folder, trying the extensions in this order.
 */
const CONFIG_EXTENSIONS = ['.js', '.ts', '.mjs', '.cjs', '.mts', '.cts']
const CONFIG_BASE_NAMES = ['prisma.config', path.join('.config', 'prisma'), path.join('.config', 'prisma.config')]

export function prismaConfigCandidates(root: string): string[] {
  return CONFIG_BASE_NAMES.flatMap((base) => CONFIG_EXTENSIONS.map((ext) => path.join(root, base + ext)))
}

/** Prisma's own default schema files, in its order, then electrify's multi-file folder. */
export function defaultSchemaPlaces(root: string): { files: string[]; folder: string } {
  return { files: [path.join(root, 'schema.prisma'), path.join(root, 'prisma', 'schema.prisma')], folder: path.join(root, 'prisma', 'schema') }
}

/**
 * In each folder from the project up to the file system root: package.json (prisma.schema,
 * packageManager) and the files package-manager-detector looks for (its `LOCKS`, and `rush.json`).
 * Written out rather than imported, which would cost a replayed check a package to resolve and load;
 * test/project/probed-paths.test.ts holds the list to the library's.
 */
const PACKAGE_FILES = [
  'package.json',
  'rush.json',
  'aube-lock.yaml',
  'aube-workspace.yaml',
  'bun.lock',
  'bun.lockb',
  'deno.lock',
  'nub.lock',
  'upm.lock',
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  'yarn.lock',
  'package-lock.json',
  'npm-shrinkwrap.json',
]

export function packageFileNames(): readonly string[] {
  return PACKAGE_FILES
}
