import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, expect, test } from 'vitest'
import { redactUrl } from '../../src/proxy/redact-url.js'
import { resolveProxyUrl } from '../../src/proxy/resolve-proxy-url.js'

let root: string
beforeEach(async () => (root = await mkdtemp(path.join(os.tmpdir(), 'electrify-proxy-url-'))))
afterEach(() => rm(root, { recursive: true, force: true }))

const resolve = (options: { proxyUrl?: string; envFile?: string; env?: NodeJS.ProcessEnv }) =>
  resolveProxyUrl({ projectRoot: root, cwd: root, env: options.env ?? {}, proxyUrl: options.proxyUrl, envFile: options.envFile })

test('first found wins: --proxy-url, --env-file, .env.proxy, ELECTRIC_PROXY, ELECTRIC_PG_PROXY_*', async () => {
  await writeFile(path.join(root, '.env.proxy'), 'DATABASE_URL=postgresql://postgres:p@proxy-file:1/db\n')
  await writeFile(path.join(root, 'other.env'), 'DATABASE_URL=postgresql://postgres:p@other-file:2/db\n')
  const env = { ELECTRIC_PROXY: 'postgresql://postgres:p@electric-proxy:3/db', ELECTRIC_PG_PROXY_HOST: 'h' }
  expect(await resolve({ proxyUrl: 'postgresql://u:p@flag:4/db', envFile: 'other.env', env })).toEqual({ url: 'postgresql://u:p@flag:4/db', source: '--proxy-url' })
  expect(await resolve({ envFile: 'other.env', env })).toMatchObject({ url: 'postgresql://postgres:p@other-file:2/db', source: '--env-file' })
  expect(await resolve({ env })).toMatchObject({ url: 'postgresql://postgres:p@proxy-file:1/db', source: '.env.proxy', file: path.join(root, '.env.proxy') })
  await rm(path.join(root, '.env.proxy'))
  expect(await resolve({ env })).toEqual({ url: env.ELECTRIC_PROXY, source: 'ELECTRIC_PROXY' })
  expect(await resolve({ env: { ELECTRIC_PG_PROXY_HOST: 'h', ELECTRIC_PG_PROXY_PORT: '6', ELECTRIC_PG_PROXY_PASSWORD: 'p w', ELECTRIC_DATABASE_NAME: 'app' } })).toEqual({
    url: 'postgresql://postgres:p%20w@h:6/app',
    source: 'ELECTRIC_PG_PROXY_*',
  })
  expect((await resolve({})).url).toBe('postgresql://postgres:proxy_password@localhost:65432/electric')
})

test("expands ${VAR} like dotenv -e: the environment's values win, except a DATABASE_URL", async () => {
  await writeFile(
    path.join(root, '.env.proxy'),
    'PG_PROXY_PORT=65432\nPG_PROXY_PASSWORD=from-file\nDATABASE_URL="postgresql://postgres:${PG_PROXY_PASSWORD}@localhost:${PG_PROXY_PORT}/${APP_DB:-electric}"\n',
  )
  expect((await resolve({ env: {} })).url).toBe('postgresql://postgres:from-file@localhost:65432/electric')
  const env = { PG_PROXY_PASSWORD: 'from-env', DATABASE_URL: 'postgresql://direct:5432/db', APP_DB: 'app' }
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
