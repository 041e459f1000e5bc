import { expect, test } from 'vitest'
import { newMigrationName } from '../../src/history/migration-name.js'
import { inMigrationOrder } from '../../src/migrations/migration-order.js'

const now = new Date('2025-03-04T05:06:07.890Z')

test("Prisma's style, now in UTC, after every existing migration", () => {
  const existing = ['20240101000000_init', '20250101120000_add_posts']
  const name = newMigrationName(existing, 'enable Post, User', now)
  expect(name).toBe('20250304050607_electrify_enable_post_user')
  expect(inMigrationOrder([...existing, name].map((n) => ({ name: n }))).at(-1)!.name).toBe(name)
})

test('one second after the newest timestamp when the clock is not ahead of it (same second, clock behind)', () => {
  expect(newMigrationName(['20250304050607_init'], 'ddlx', now)).toBe('20250304050608_electrify_ddlx')
  expect(newMigrationName(['20250304050607_electrify_ddlx', '20250304050608_other'], 'ddlx', now)).toBe('20250304050609_electrify_ddlx')
  // across midnight and the end of a year
  expect(newMigrationName(['20261231235959_future'], 'x', now)).toBe('20270101000000_electrify_x')
})

test('the prefix is strictly greater than every other, so Electric versions stay unique', () => {
  const name = newMigrationName(['20250304050607_a', '20250304050607_b'], 'x', now)
  expect(name.split('_')[0]! > '20250304050607').toBe(true)
})

test('no migrations yet, and names without a timestamp that sort before it', () => {
  expect(newMigrationName([], 'x', now)).toBe('20250304050607_electrify_x')
  expect(newMigrationName(['0001_init', '0002_posts'], 'x', now)).toBe('20250304050607_electrify_x')
  expect(newMigrationName([], '  --- ', now)).toBe('20250304050607_electrify_ddlx')
})

test('a name that sorts after any timestamp cannot be outrun: a clear error', () => {
  expect(() => newMigrationName(['20240101000000_init', 'zz_manual'], 'x', now)).toThrow(
    expect.objectContaining({ code: 'migrations/cannot-name-last', message: expect.stringContaining('"zz_manual"') }),
  )
})
