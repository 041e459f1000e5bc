/**
 * How a project's Prisma connects, as read from its files without running anything: the plain data that
 * the readers (schema datasource block, prisma.config.*) produce and routeConnections() decides on.
 */
import type { SourcePosition } from '../schema/types.js'

/** Where one connection URL comes from. */
export type UrlSource =
  /**
   * An environment variable: `env("X")` in a schema, `env('X')` or `process.env.X` in a config. `strict`
   * when Prisma fails without it (a schema's url/directUrl: P1012; prisma/config's `env()` throws).
   */
  | { kind: 'env'; name: string; strict: boolean }
  | { kind: 'literal'; url: string }
  /** `a ?? b ?? …` or `a || b || …`: the first option that is set (`||`: and not empty) wins. */
  | { kind: 'either'; operator: '??' | '||'; options: readonly UrlSource[] }
  /** `test ? then : otherwise`; a missing branch means no URL (a conditional spread that leaves the key out). */
  | { kind: 'conditional'; test: UrlSource; then?: UrlSource; otherwise?: UrlSource }
  /** An expression electrify cannot read without running the config (a function call, an import…). */
  | { kind: 'unknown'; expression: string }

export interface UrlSetting extends SourcePosition {
  source: UrlSource
}

export interface DatasourceUrls {
  url?: UrlSetting
  directUrl?: UrlSetting
  shadowDatabaseUrl?: UrlSetting
  /** A spread or computed key that might set more of them: what it is and where. */
  hidden?: SourcePosition & { expression: string }
}

/** The schema's `datasource` block (Prisma 5/6 put the URLs here; Prisma 7 schemas have none). */
export interface SchemaUrls extends SourcePosition {
  urls: DatasourceUrls
}

/** What a prisma.config.* says about connecting. */
export type ConfigConnection =
  /** Neither a datasource nor a driver adapter (for example only `schema` and `migrations`). */
  | { kind: 'none'; file: string }
  /**
   * `datasource: { url, shadowDatabaseUrl }`: Prisma 7's only source of URLs. Prisma 6 reads it only with
   * `engine: 'classic'` (then also `directUrl`) and ignores it otherwise.
   */
  | (SourcePosition & { kind: 'datasource'; engine?: 'classic'; urls: DatasourceUrls })
  /**
   * A Prisma 6 driver adapter (`engine: 'js'` + `adapter()`, or `migrate.adapter`): it builds its
   * connection in code. `reads` lists every environment variable the file reads anywhere, the candidates.
   */
  | (SourcePosition & { kind: 'adapter'; reads: string[] })
  /** The default export, or a part of it that could hold the datasource, cannot be read statically. */
  | (SourcePosition & { kind: 'unknown'; expression: string })

export interface DatasourceDescription {
  /** Absent when the schema has no datasource block. */
  schema?: SchemaUrls
  /** Absent when the project has no prisma.config.*. */
  config?: ConfigConnection
}
