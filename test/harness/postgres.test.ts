import { describe, expect, it } from 'vitest'
import { createTestDatabase, testAdminUrl } from './in-test.js'
import { databaseName, withClient } from './postgres.js'

describe('throwaway PostgreSQL', () => {
  const created: string[] = []

  it('gives each test its own empty database', async () => {
    const first = await createTestDatabase()
    const second = await createTestDatabase()
    created.push(databaseName(first), databaseName(second))
    expect(created[0]).not.toBe(created[1])
    await withClient(first, (c) => c.query('CREATE TABLE t (id int)'))
    const tables = await withClient(second, (c) => c.query(`SELECT tablename FROM pg_tables WHERE schemaname = 'public'`))
    expect(tables.rows).toEqual([])
  })

  it('dropped the databases of the previous test when it ended', async () => {
    expect(created).toHaveLength(2)
    const { rows } = await withClient(testAdminUrl(), (c) => c.query('SELECT datname FROM pg_database WHERE datname = ANY($1)', [created]))
    expect(rows).toEqual([])
  })
})
