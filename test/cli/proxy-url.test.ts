/**
 * The proxy URL through the CLI, on real parts: a URL that leads to PostgreSQL itself stops the run
 * before anything is created; DATABASE_URL in the environment (`dotenv -e .env.proxy -- electrify`)
 * is the proxy when it answers as one, and the progress line says so.
 */
import { readdir } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import { cli } from '../commands/run-cli.js'
import { DATASOURCE, tempProject } from '../commands/temp-project.js'
import { appThroughProxy, electrify } from '../e2e/electrify-cli.js'
import { createTestDatabase, testProxies } from '../harness/in-test.js'
import { withClient } from '../harness/postgres.js'

const proxy = testProxies() // a stand-in per test, in front of the test's own database (Electric serves one)

const SCHEMA = `${DATASOURCE}\n/// @electric\nmodel Item {\n  id String @id\n}\n`

test('--proxy-url pointing at PostgreSQL itself: said so before anything is created, in --json too', async () => {
  const direct = await createTestDatabase()
  const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA, 'package.json': '{}' })
  const mark = `${process.execPath} -e "require('fs').mkdirSync('prisma/migrations/0_prisma_ran', { recursive: true })"`
  const args = ['--name', 'init', '--cwd', dir, '--proxy-url', direct, '--prisma', mark]
  const human = await cli(args)
  expect(human.code).toBe(1)
  const port = new URL(direct).port
  expect(human.stderr).toContain(
    `error[proxy/plain-postgres] the server at 127.0.0.1:${port} answered as plain PostgreSQL, not Electric's proxy (it does not understand Electric's DDLX: syntax error at or near "ELECTRIC"); the proxy URL came from --proxy-url`,
  )
  const json = await cli([...args, '--json'])
  expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'proxy/plain-postgres' } })
  expect(await readdir(path.join(dir, 'prisma'))).toEqual(['schema.prisma']) // Prisma never ran
})

test('DATABASE_URL in the environment that answers as the proxy is used, and labelled as coming from there', async () => {
  const { app, directUrl, proxyUrl } = await appThroughProxy(proxy, 'basic')
  // What `dotenv -e .env.proxy -- electrify` gives: no .env.proxy in the project, DATABASE_URL set.
  const result = await electrify(app.dir, ['--name', 'init'], { DATABASE_URL: proxyUrl })
  expect(result.code, result.stderr).toBe(0)
  expect(result.stderr).toMatch(/electrify: proxy postgresql:\/\/postgres:\*\*\*\*@127\.0\.0\.1:\d+\/\S+ \(from DATABASE_URL in the environment\)\n/)
  const electrified = await withClient(directUrl, async (c) => (await c.query('SELECT table_name FROM electric.electrified ORDER BY 1')).rows.map((r) => r.table_name))
  expect(electrified).toEqual(['Post', 'User'])
})
