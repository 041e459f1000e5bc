import { describe, expect, it } from 'vitest'
import { findAnnotatedTables, hasElectricToken, isNearMiss } from '../../src/schema/annotations.js'
import { parseSchema } from '../../src/schema/parse-schema.js'
import { lineOf, schemaFixture } from './schema-fixtures.js'

const datasource = 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\n'
const annotate = (source: string) => findAnnotatedTables(parseSchema([{ path: '/p/schema.prisma', content: datasource + source }]))

describe('findAnnotatedTables', () => {
  it('finds the annotated models with their table names (@@map, exact case) and lines', () => {
    const [file] = schemaFixture('blog/schema.prisma')
    const { tables, findings } = findAnnotatedTables(parseSchema([file!]))
    expect(tables).toEqual([
      { model: 'User', schema: 'public', name: 'users', file: file!.path, line: 14 },
      { model: 'Post', schema: 'public', name: 'Post', file: file!.path, line: 26 },
      { model: 'Category', schema: 'public', name: 'Category', file: file!.path, line: 41 },
    ])
    expect(findings).toEqual([])
  })

  it('uses @@schema, and keeps names with spaces, quotes and non-ASCII letters as they are', () => {
    const { tables, findings } = findAnnotatedTables(parseSchema(schemaFixture('multi-schema')))
    expect(tables.map((t) => [t.model, t.schema, t.name])).toEqual([
      ['Account', 'auth', 'accounts'],
      ['Item', 'public', 'Item'],
      ['OrderLine', 'public', 'order lines'],
      ['Quoted', 'public', 'say "hi"'],
      ['Overview', 'public', 'Übersicht café'],
    ])
    expect(findings).toEqual([])
  })

  it('finds annotations in every file of a multi-file schema', () => {
    const files = schemaFixture('multi-file')
    const { tables } = findAnnotatedTables(parseSchema(files))
    expect(tables.map((t) => [t.model, t.file.slice(t.file.indexOf('models/')), t.line])).toEqual([
      ['Todo', 'models/todo.prisma', 2],
      ['User', 'models/user.prisma', 2],
    ])
  })

  it('works on Prisma 7 schemas', () => {
    expect(findAnnotatedTables(parseSchema(schemaFixture('prisma7'))).tables.map((t) => t.name)).toEqual(['Team', 'Player'])
  })

  it.each([
    ['the token alone', '/// @electric'],
    ['the token among other doc lines', '/// A thing.\n/// @electric\n/// More.'],
    ['the token followed by punctuation', '/// Synced (@electric).'],
    ['the token with a plain comment between doc lines', '/// Synced\n// note\n/// @electric'],
    ['four slashes (still a doc comment for Prisma)', '//// @electric'],
  ])('annotates with %s', (_, comment) => {
    const { tables, findings } = annotate(`${comment}\nmodel Item {\n  id String @id\n}\n`)
    expect(tables.map((t) => t.model)).toEqual(['Item'])
    expect(findings).toEqual([])
  })

  it('does not warn about a model that is annotated, whatever else its comments say', () => {
    const { tables, findings } = annotate('// @electric\n/// @electric, see @electrify docs\nmodel Item {\n  // @electric\n  id String @id\n}\n')
    expect(tables).toHaveLength(1)
    expect(findings).toEqual([])
  })

  describe('warnings (fixtures/schemas/warnings)', () => {
    const [file] = schemaFixture('warnings/schema.prisma')
    const { tables, findings } = findAnnotatedTables(parseSchema([file!]))
    const at = (text: string, from?: number) => lineOf(file!, text, from)

    it('annotates only the model written correctly', () => {
      expect(tables.map((t) => t.model)).toEqual(['Good'])
    })

    it('gives each mistake one warning, at the comment’s line, with a fix', () => {
      expect(findings.map((f) => [f.code, f.line])).toEqual([
        ['annotation/two-slash-comment', at('// @electric')],
        ['annotation/two-slash-comment', at('  // @electric')],
        ['annotation/misplaced', at('  /// @electric')],
        ['annotation/misplaced', at('/// @electric', at('model Detached {') - 2)],
        ['annotation/near-miss', at('/// @electrify')],
        ['annotation/near-miss', at('/// @Electric')],
        ['annotation/near-miss', at('/// @ELECTRIC')],
        ['annotation/near-miss', at('/// @electic')],
        ['annotation/not-a-model', at('enum Mood {') - 1],
        ['annotation/not-a-model', at('view GoodView {') - 1],
      ])
      for (const f of findings) {
        expect(f).toMatchObject({ severity: 'warning', file: file!.path })
        expect(f.hint).toMatch(/\S/)
      }
    })

    it('names the model, the comment and the fix in its words', () => {
      const byCode = (code: string) => findings.filter((f) => f.code === code)
      expect(byCode('annotation/two-slash-comment')[0]).toMatchObject({
        message: expect.stringContaining('model TwoSlashAbove is a plain comment, which Prisma drops'),
        hint: expect.stringContaining('`/// @electric`, directly above `model TwoSlashAbove {`'),
      })
      expect(byCode('annotation/misplaced')[0]!.message).toContain('inside model DocInside documents a field')
      expect(byCode('annotation/misplaced')[1]!.message).toContain('separated from it by a blank line')
      expect(byCode('annotation/near-miss').map((f) => f.message.split('`')[1])).toEqual(['@electrify', '@Electric', '@ELECTRIC', '@electic'])
      expect(byCode('annotation/not-a-model').map((f) => f.message)).toEqual([
        expect.stringContaining('on enum Mood'),
        expect.stringContaining('on view GoodView'),
      ])
    })
  })

  it('warns about @electric on a composite type', () => {
    const { tables, findings } = findAnnotatedTables(parseSchema(schemaFixture('mongodb')))
    expect(tables).toEqual([])
    expect(findings).toMatchObject([{ code: 'annotation/not-a-model', line: 7, message: expect.stringContaining('composite type Address') }])
  })

  it('leaves comments separated from a model by a blank line alone unless they are doc comments', () => {
    const { findings } = annotate('// Models marked @electric are synced.\n// @electric\n\nmodel Item {\n  id String @id\n}\n')
    expect(findings).toEqual([])
  })
})

describe('the token and its near misses', () => {
  it.each([
    ['@electric', true],
    ['@electric.', true],
    ['(@electric)', true],
    ['@electric: synced', true],
    ['x @electric y', true],
    ['@electrify', false],
    ['@electric_sql', false],
    ['@Electric', false],
    ['sync@electric.example', false],
    ['@@electric', false],
    ['electric', false],
  ])('%s is the token: %s', (text, expected) => {
    expect(hasElectricToken(text)).toBe(expected)
  })

  it.each([
    ['Electric', true],
    ['ELECTRIC', true],
    ['electrify', true],
    ['electrified', true],
    ['electricsql', true],
    ['electic', true],
    ['eletric', true],
    ['elecrtic', true],
    ['electrc', true],
    ['electric', false],
    ['elastic', false],
    ['select', false],
    ['default', false],
    ['relation', false],
    ['updatedAt', false],
  ])('@%s is a near miss: %s', (word, expected) => {
    expect(isNearMiss(word)).toBe(expected)
  })
})
