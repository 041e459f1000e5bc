/** Runs the built `electrify` CLI (bin/electrify.js) as a user would, in a fixture app. */
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { createTestDatabase, createTestPrismaApp, type TestProxies } from '../harness/in-test.js'
import { run, type CliResult } from '../harness/prisma-project.js'

const BIN = fileURLToPath(new URL('../../bin/electrify.js', import.meta.url))

export function electrify(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliResult> {
  return run(process.execPath, [BIN, ...args], cwd, {
    ...process.env,
    CHECKPOINT_DISABLE: '1', // Prisma: no telemetry or update check (there is no network)
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    NO_COLOR: '1',
    ...env,
  })
}

export function migrationFile(migrationsDir: string, name: string): string {
  return path.join(migrationsDir, name, 'migration.sql')
}

/** A fresh database, a proxy stand-in in front of it, and a copy of a fixture app whose DATABASE_URL goes through the proxy. */
export async function appThroughProxy(proxy: TestProxies, fixture: string) {
  const directUrl = await createTestDatabase()
  const proxyUrl = (await proxy.for(directUrl)).url()
  const app = await createTestPrismaApp(fixture, proxyUrl)
  return { app, directUrl, proxyUrl }
}
