import { expect, test } from 'vitest'
import { parseQualifiedName, quoteTableName, resolveIdentifier } from '../../src/sql/identifiers.js'

test('quotes every table name, doubles inner quotes and leaves out the public schema', () => {
  expect(quoteTableName({ schema: 'public', name: 'Order Item' })).toBe('"Order Item"')
  expect(quoteTableName({ schema: 'public', name: 'Quote"d' })).toBe('"Quote""d"')
  expect(quoteTableName({ schema: 'auth', name: 'User' })).toBe('"auth"."User"')
})

test('resolves identifier tokens and qualified names with Postgres quoting rules', () => {
  expect(resolveIdentifier('Items')).toBe('items')
  expect(resolveIdentifier('"It""ems"')).toBe('It"ems')
  expect(parseQualifiedName('Items')).toEqual({ schema: 'public', name: 'items' })
  expect(parseQualifiedName('auth."User"')).toEqual({ schema: 'auth', name: 'User' })
  expect(parseQualifiedName('"a.b"')).toEqual({ schema: 'public', name: 'a.b' })
  expect(parseQualifiedName('a.b.c')).toBeUndefined()
})
