/**
 * Harness parts bound to the running vitest test: each is cleaned up when the test ends, pass or fail.
 * The parts themselves (postgres.ts, prisma-project.ts, proxy/) do not depend on vitest.
 */
import { inject, onTestFinished } from 'vitest'
import { createDatabase, databaseName, dropDatabase } from './postgres.js'
import { createPrismaApp, type PrismaApp, type PrismaAppOptions } from './prisma-project.js'
import { startProxy, upstreamFromUrl, type ProxyOptions, type RunningProxy } from './proxy/index.js'

/** createPrismaApp for the current test: the directory is removed when the test ends. */
export async function createTestPrismaApp(fixture: string, databaseUrl: string): Promise<PrismaApp>
export async function createTestPrismaApp(options: PrismaAppOptions): Promise<PrismaApp>
export async function createTestPrismaApp(first: string | PrismaAppOptions, databaseUrl?: string): Promise<PrismaApp> {
  const app = await (typeof first === 'string' ? createPrismaApp(first, databaseUrl!) : createPrismaApp(first))
  onTestFinished(() => app.remove())
  return app
}

/**
 * A fresh database for the current test, dropped when the test ends (pass or fail). Uses the server
 * started by the globalSetup, or the one named by ELECTRIFY_TEST_DATABASE_URL.
 */
export async function createTestDatabase(): Promise<string> {
  const adminUrl = testAdminUrl()
  const url = await createDatabase(adminUrl)
  onTestFinished(() => dropDatabase(adminUrl, databaseName(url)))
  return url
}

/** Superuser URL of the suite's server (given to the tests by global-setup.ts). */
export function testAdminUrl(): string {
  return inject('postgresAdminUrl')
}

/** Settings of the proxy stand-ins a test file starts; the password defaults to Electric's example `proxy_password`. */
export type TestProxyOptions = Partial<Omit<ProxyOptions, 'upstream'>>

/**
 * A proxy stand-in for the current test in front of `databaseUrl`'s database, which every client
 * lands in (as with Electric, configured with one DATABASE_URL), stopped when the test ends. Cheap:
 * a listening socket; `proxy.url()` is its URL for that database.
 */
export async function proxyFor(databaseUrl: string, options: TestProxyOptions = {}): Promise<RunningProxy> {
  const proxy = await startProxy({ password: 'proxy_password', ...options, upstream: upstreamFromUrl(databaseUrl) })
  onTestFinished(() => proxy.stop())
  return proxy
}

/** For a test file whose tests each use their own database: `proxy.for(databaseUrl)` is proxyFor with the file's settings. */
export interface TestProxies {
  for(databaseUrl: string): Promise<RunningProxy>
}

export function testProxies(options: TestProxyOptions = {}): TestProxies {
  return { for: (databaseUrl) => proxyFor(databaseUrl, options) }
}
