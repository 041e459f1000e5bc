/** Migration names: the default of `electrify watch`, from what changed in the schema text; new folders, which sort last. */
import { expect, test } from 'vitest'
import { migrationFolderName, migrationNameFor, newMigrationName } from '../../src/migrations/migration-name.js'
import { inMigrationOrder } from '../../src/migrations/migration-order.js'

const file = (content: string) => [{ path: '/app/prisma/schema.prisma', content }]
const BASE = 'model User {\n  id String @id\n}\n'

test('first run, added, removed, newly annotated and changed models; nothing recognisable', () => {
  expect(migrationNameFor(undefined, file(BASE))).toBe('sync_schema')
  expect(migrationNameFor(file(BASE), file(`${BASE}\nmodel OrderLine {\n  id String @id\n}\n`))).toBe('add_order_line')
  expect(migrationNameFor(file(`${BASE}\nmodel Tag {\n  id String @id\n}\n`), file(BASE))).toBe('remove_tag')
  expect(migrationNameFor(file(BASE), file(`/// Users. @electric\n${BASE}`))).toBe('electrify_user')
  expect(migrationNameFor(file(BASE), file(`// @electric\n${BASE}`))).toBe('update_schema') // two slashes annotate nothing
  expect(migrationNameFor(file(BASE), file(BASE.replace('}', '  name String\n}')))).toBe('update_user')
  expect(migrationNameFor(file(BASE), file(BASE.replace('String @id', 'Int @id')))).toBe('update_schema')
})

test('several changes are joined, long lists shortened, and the name stays short', () => {
  const many = ['A', 'B', 'C', 'D'].map((m) => `model ${m} {\n  id String @id\n}\n`).join('\n')
  expect(migrationNameFor(file(BASE), file(`/// @electric\n${BASE}\n${many}`))).toBe('add_a_b_etc_and_electrify_user')
  const long = 'model AVeryLongModelNameThatGoesOnAndOn {\n  id String @id\n}\nmodel AnotherRatherLongModelName {\n  id String @id\n}\n'
  const name = migrationNameFor(file(BASE), file(`${BASE.replace('}', '  x Int\n}')}${long}`))
  expect(name).toBe('add_a_very_long_model_name_that_goes_on_and_on_another') // cut between words
  expect(name.length).toBeLessThanOrEqual(60)
})

test('a new folder is named like Prisma names them: UTC timestamp, then the name made safe', () => {
  expect(migrationFolderName([], 'add_items', new Date('2024-03-05T07:08:09.123Z'))).toBe('20240305070809_add_items')
  expect(migrationFolderName(['20240101000000_init'], 'add items-now', new Date('2024-03-05T07:08:09Z'))).toBe('20240305070809_add_items_now')
})

test('a new folder sorts after a migration from the future (a clock behind, or a hand-made name), as electrify\'s DDLX-only ones do', () => {
  const now = new Date('2024-03-05T07:08:09Z')
  expect(migrationFolderName(['20240101000000_init', '20990101000000_by_hand'], 'add_items', now)).toBe('20990101000001_add_items')
  expect(() => migrationFolderName(['zz_manual'], 'add_items', now)).toThrow(expect.objectContaining({ code: 'migrations/cannot-name-last' }))
})

const now = new Date('2025-03-04T05:06:07.890Z')

test("a DDLX-only migration: Prisma's style, now in UTC, after every existing migration", () => {
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
