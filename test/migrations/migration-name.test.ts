/** Migration names: the default of `electrify watch`, from what changed in the schema text; new folders. */
import { expect, test } from 'vitest'
import { migrationFolderName, migrationNameFor } from '../../src/migrations/migration-name.js'

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
  expect(migrationFolderName('add_items', new Date('2024-03-05T07:08:09.123Z'))).toBe('20240305070809_add_items')
  expect(migrationFolderName('add items-now', new Date('2024-03-05T07:08:09Z'))).toBe('20240305070809_add_items_now')
})
