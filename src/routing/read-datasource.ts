import { readConfigConnection } from '../project/prisma-config.js'
import { readSchemaUrls } from '../schema/datasource-url.js'
import type { ParsedSchema } from '../schema/types.js'
import type { DatasourceDescription } from './datasource.js'

/**
 * How the project's Prisma connects, read from the (already parsed) schema's datasource block and the
 * prisma.config.* file, without running anything. `root` is the folder Prisma runs in.
 */
export async function readDatasource(schema: ParsedSchema, layout: { root: string; configFile?: string }): Promise<DatasourceDescription> {
  const urls = readSchemaUrls(schema)
  const config = layout.configFile === undefined ? undefined : await readConfigConnection(layout.configFile, layout.root)
  return { ...(urls ? { schema: urls } : {}), ...(config ? { config } : {}) }
}
