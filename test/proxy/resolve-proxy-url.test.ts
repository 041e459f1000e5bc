import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, test } from 'vitest'
import { redactUrl } from '../../src/proxy/redact-url.js'
import { resolveProxyUrl } from '../../src/proxy/resolve-proxy-url.js'
import { createTestDatabase, testAdminUrl } from '../harness/in-test.js'
import { databaseName, freePort } from '../harness/postgres.js'
import { startProxy, upstreamFromUrl, type RunningProxy } from '../harness/proxy/index.js'

let root: string
beforeEach(async () => (root = await mkdtemp(path.join(os.tmpdir(), 'electrify-proxy-url-'))))
afterEach(() => rm(root, { recursive: true, force: true }))

const resolve = (options: { proxyUrl?: string; envFile?: string; env?: NodeJS.ProcessEnv }) =>
  resolveProxyUrl({ projectRoot: root, cwd: root, env: options.env ?? {}, proxyUrl: options.proxyUrl, envFile: options.envFile })

test('first found wins: --proxy-url, -e, .env.proxy, ELECTRIC_PROXY, ELECTRIC_PG_PROXY_*; each says where it came from', async () => {
  await writeFile(path.join(root, '.env.proxy'), 'DATABASE_URL=postgresql://postgres:p@proxy-file:1/db\n')
  await writeFile(path.join(root, 'other.env'), 'DATABASE_URL=postgresql://postgres:p@other-file:2/db\n')
  const env = { ELECTRIC_PROXY: 'postgresql://postgres:p@electric-proxy:3/db', ELECTRIC_PG_PROXY_HOST: 'h' }
  expect(await resolve({ proxyUrl: 'postgresql://u:p@flag:4/db', envFile: 'other.env', env })).toEqual({ url: 'postgresql://u:p@flag:4/db', source: '--proxy-url', label: '--proxy-url', confirmed: false })
  expect(await resolve({ envFile: 'other.env', env })).toEqual({ url: 'postgresql://postgres:p@other-file:2/db', source: '--env', file: path.join(root, 'other.env'), label: 'other.env', confirmed: false })
  expect(await resolve({ env })).toMatchObject({ url: 'postgresql://postgres:p@proxy-file:1/db', source: '.env.proxy', file: path.join(root, '.env.proxy'), label: '.env.proxy' })
  await rm(path.join(root, '.env.proxy'))
  expect(await resolve({ env })).toMatchObject({ url: env.ELECTRIC_PROXY, source: 'ELECTRIC_PROXY', label: 'ELECTRIC_PROXY' })
  expect(await resolve({ env: { ELECTRIC_PG_PROXY_HOST: 'h', ELECTRIC_PG_PROXY_PORT: '6', ELECTRIC_PG_PROXY_PASSWORD: 'p w', ELECTRIC_DATABASE_NAME: 'app' } })).toMatchObject({
    url: 'postgresql://postgres:p%20w@h:6/app',
    source: 'ELECTRIC_PG_PROXY_*',
    label: 'ELECTRIC_PG_PROXY_HOST, ELECTRIC_PG_PROXY_PORT, ELECTRIC_PG_PROXY_PASSWORD, ELECTRIC_DATABASE_NAME',
  })
  expect(await resolve({ env: { ELECTRIC_DATABASE_NAME: 'app' } })).toMatchObject({
    url: 'postgresql://postgres:proxy_password@localhost:65432/app',
    label: "ELECTRIC_DATABASE_NAME (Electric's defaults for the rest)",
  })
})

test("nothing set: Electric's defaults, and the label says so (not ELECTRIC_PG_PROXY_*)", async () => {
  expect(await resolve({})).toEqual({
    url: 'postgresql://postgres:proxy_password@localhost:65432/electric',
    source: 'default',
    label: "Electric's defaults: nothing names the proxy",
    confirmed: false,
  })
})

test('an env file is shown relative to where electrify runs', async () => {
  await mkdir(path.join(root, 'app'))
  await writeFile(path.join(root, '.env.proxy'), 'DATABASE_URL=postgresql://postgres:p@proxy-file:1/db\n')
  expect(await resolveProxyUrl({ projectRoot: root, cwd: path.join(root, 'app'), env: {} })).toMatchObject({ label: path.join('..', '.env.proxy') })
})

test("expands ${VAR} like dotenv -e: the environment's values win, except a DATABASE_URL", async () => {
  await writeFile(
    path.join(root, '.env.proxy'),
    'PG_PROXY_PORT=65432\nPG_PROXY_PASSWORD=from-file\nDATABASE_URL="postgresql://postgres:${PG_PROXY_PASSWORD}@localhost:${PG_PROXY_PORT}/${APP_DB:-electric}"\n',
  )
  expect((await resolve({ env: {} })).url).toBe('postgresql://postgres:from-file@localhost:65432/electric')
  const env = { PG_PROXY_PASSWORD: 'from-env', DATABASE_URL: 'postgresql://direct:5432/db', APP_DB: 'app' } // .env.proxy wins: DATABASE_URL is not even asked
  expect((await resolve({ env })).url).toBe('postgresql://postgres:from-env@localhost:65432/app')
})

test('a missing env file, a file without DATABASE_URL and a non-postgres URL are explained', async () => {
  await expect(resolve({ envFile: 'nope.env' })).rejects.toMatchObject({ code: 'proxy/env-file-unreadable', exitCode: 2 })
  await writeFile(path.join(root, 'empty.env'), 'X=1\n')
  await expect(resolve({ envFile: 'empty.env' })).rejects.toMatchObject({ code: 'proxy/no-database-url' })
  await expect(resolve({ proxyUrl: 'mysql://x@y/z' })).rejects.toMatchObject({ code: 'proxy/invalid-url' })
})

test('passwords never appear in a printable URL', () => {
  expect(redactUrl('postgresql://postgres:s3cret@localhost:65432/db')).toBe('postgresql://postgres:****@localhost:65432/db')
  expect(redactUrl('postgresql://postgres@localhost/db')).toBe('postgresql://postgres@localhost/db')
  expect(redactUrl('not a url //u:s3cret@h')).not.toContain('s3cret')
})

describe('DATABASE_URL in the environment (dotenv -e .env.proxy -- electrify): the proxy only when it answers as one', () => {
  let proxy: RunningProxy
  beforeAll(async () => {
    proxy = await startProxy({ upstream: upstreamFromUrl(testAdminUrl()), password: 'proxy_password' })
  })
  afterAll(() => proxy.stop())

  test("Electric's proxy answers: taken, labelled as such, and already confirmed", async () => {
    const url = proxy.url(databaseName(await createTestDatabase()))
    expect(await resolve({ env: { DATABASE_URL: url } })).toEqual({ url, source: 'DATABASE_URL', label: 'DATABASE_URL in the environment', confirmed: true })
  })

  test("plain PostgreSQL answers (the app's own database): not the proxy; Electric's defaults, saying why", async () => {
    const direct = await createTestDatabase()
    expect(await resolve({ env: { DATABASE_URL: direct } })).toEqual({
      url: 'postgresql://postgres:proxy_password@localhost:65432/electric',
      source: 'default',
      label: "Electric's defaults; DATABASE_URL in the environment answered as plain PostgreSQL (a database), so it is not the proxy",
      confirmed: false,
    })
    expect((await resolve({ env: { DATABASE_URL: 'file:./dev.db' } })).label).toBe("Electric's defaults; DATABASE_URL in the environment is not a postgresql:// URL, so it is not the proxy")
  })

  test('no answer: electrify cannot tell, and stops with the fix rather than guess', async () => {
    const port = await freePort()
    const error = await resolve({ env: { DATABASE_URL: `postgresql://postgres:s3cret@127.0.0.1:${port}/app` } }).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'proxy/unreachable', message: `cannot reach the Electric proxy at 127.0.0.1:${port} (ECONNREFUSED); the proxy URL came from DATABASE_URL in the environment` })
    expect((error as Error & { hint: string }).hint).toMatch(/if it is your app's database, name the proxy with --proxy-url, -e <file>, .env.proxy or ELECTRIC_PROXY/)
  })

  test('a proxy named anywhere wins, and DATABASE_URL is then not connected to at all', async () => {
    const port = await freePort() // were it asked, this would fail
    const env = { DATABASE_URL: `postgresql://postgres:p@127.0.0.1:${port}/app`, ELECTRIC_PG_PROXY_PORT: '7000' }
    expect(await resolve({ env })).toMatchObject({ source: 'ELECTRIC_PG_PROXY_*', url: 'postgresql://postgres:proxy_password@localhost:7000/electric' })
    await writeFile(path.join(root, '.env.proxy'), 'DATABASE_URL=postgresql://postgres:p@proxy-file:1/db\n')
    expect(await resolve({ env: { DATABASE_URL: env.DATABASE_URL } })).toMatchObject({ source: '.env.proxy' })
  })
})
