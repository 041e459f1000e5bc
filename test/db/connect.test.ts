/** electrify's own database connections, against the suite's real PostgreSQL. */
import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { expect, test } from 'vitest'
import { connectionFailure, withDatabase } from '../../src/db/connect.js'
import { createTestDatabase, testAdminUrl } from '../harness/in-test.js'
import { databaseName, withClient } from '../harness/postgres.js'

const execFileAsync = promisify(execFile)

async function electrifySessions(database: string): Promise<number> {
  return withClient(testAdminUrl(), async (client) => {
    const { rows } = await client.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = $1 AND application_name = 'electrify'`, [database])
    return rows[0].n as number
  })
}

test('withDatabase runs the function on a connection and closes it, also when the function throws', async () => {
  const url = await createTestDatabase()
  const name = databaseName(url)
  const seen = await withDatabase(url, {}, async (client) => {
    const { rows } = await client.query('SELECT current_database() AS db, current_setting($1) AS app', ['application_name'])
    return { ...rows[0], open: await electrifySessions(name) }
  })
  expect(seen).toEqual({ db: name, app: 'electrify', open: 1 })
  expect(await electrifySessions(name)).toBe(0)
  await expect(withDatabase(url, {}, () => Promise.reject(new Error('boom')))).rejects.toThrow('boom')
  expect(await electrifySessions(name)).toBe(0)
})

test('a wrong password is auth-failed: said plainly, with where the URL came from, never showing the password', async () => {
  const url = new URL(await createTestDatabase())
  url.password = 'wrong-s3cret'
  const failure = await withDatabase(url.toString(), { from: 'DATABASE_URL in .env' }, async () => 'connected').catch((e: unknown) => e)
  expect(failure).toMatchObject({ code: 'db/auth-failed', exitCode: 1 })
  const { message, hint } = failure as { message: string; hint: string }
  expect(message).toMatch(/^the database at 127\.0\.0\.1:\d+ refused the user name or password \(password authentication failed for user "postgres"\); the URL came from DATABASE_URL in \.env$/)
  expect(hint).toContain(':****@')
  expect(`${message}${hint}`).not.toContain('wrong-s3cret')
})

test('failures are told apart by what pg reports', () => {
  expect(connectionFailure({ code: 'ECONNREFUSED' })).toBe('unreachable')
  expect(connectionFailure(new Error('timeout expired'))).toBe('unreachable')
  expect(connectionFailure({ code: '28P01' })).toBe('auth-failed')
  expect(connectionFailure(new Error('SASL: SCRAM-SERVER-FIRST-MESSAGE: client password must be a string'))).toBe('auth-failed')
  expect(connectionFailure({ code: '3D000' })).toBe('database-missing')
  expect(connectionFailure(new Error('Connection terminated unexpectedly'))).toBe('refused')
})

test("connecting does not load Node's fetch implementation (pg's Cloudflare check), and leaves no global navigator behind", async () => {
  const url = await createTestDatabase()
  const connect = new URL('../../dist/db/connect.js', import.meta.url).href
  const script = `
    const { withDatabase } = await import(${JSON.stringify(connect)})
    const db = await withDatabase(process.env.URL, {}, async (c) => (await c.query('SELECT current_database() AS db')).rows[0].db)
    const undici = process.moduleLoadList.some((m) => m.includes('undici'))
    console.log(JSON.stringify({ db, undici, navigator: typeof globalThis.navigator }))`
  const { stdout } = await execFileAsync(process.execPath, ['--input-type=module', '-e', script], { env: { ...process.env, URL: url } })
  expect(JSON.parse(stdout)).toEqual({ db: databaseName(url), undici: false, navigator: Number(process.versions.node.split('.')[0]) >= 21 ? 'object' : 'undefined' })
})
