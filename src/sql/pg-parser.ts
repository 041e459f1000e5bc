/**
 * libpg-query (PostgreSQL's parser, WebAssembly), loaded by `loadSqlParser` rather than imported at the top
 * of the modules that use it: the command line's bundle keeps it outside (scripts/bundle-cli.js), where a
 * static import would load it at every start, also for a check that finds every migration in its cache.
 * It is required (its CommonJS build), not imported: a dynamic import reads the file asynchronously, so the
 * WebAssembly's compilation would only start once the schema has been parsed, not while it is.
 */
import { createRequire } from 'node:module'
import type * as LibPgQuery from 'libpg-query'

let parser: typeof LibPgQuery | undefined
let loading: Promise<void> | undefined

/** Loads the WebAssembly parser; call (and await) once before any statement is parsed. */
export function loadSqlParser(): Promise<void> {
  if (loading) return loading
  const loaded = createRequire(import.meta.url)('libpg-query') as typeof LibPgQuery
  loading = loaded.loadModule().then(() => {
    parser = loaded
  })
  return loading
}

/** The parser loadSqlParser loaded. */
export function pgParser(): typeof LibPgQuery {
  if (parser === undefined) throw new Error('electrify: the SQL parser was used before loadSqlParser() finished')
  return parser
}
