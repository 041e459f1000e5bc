import { describe, expect, it } from 'vitest'
import { ElectrifyError } from '../../src/errors.js'
import { parseSchema, type ParsedSchema, type SchemaFile, type SchemaModel } from '../../src/schema/parse-schema.js'
import { configBlocksOnly } from '../../src/schema/source-scan.js'
import { lineOf, schemaFixture } from './schema-fixtures.js'

function model(schema: ParsedSchema, name: string): SchemaModel {
  const found = schema.models.find((m) => m.name === name)
  if (!found) throw new Error(`no model ${name}`)
  return found
}

function field(m: SchemaModel, name: string) {
  const found = m.fields.find((f) => f.name === name)
  if (!found) throw new Error(`no field ${m.name}.${name}`)
  return found
}

function schemaError(files: SchemaFile[]): ElectrifyError {
  try {
    parseSchema(files)
  } catch (e) {
    expect(e).toBeInstanceOf(ElectrifyError)
    return e as ElectrifyError
  }
  throw new Error('the schema parsed')
}

describe('parseSchema, Prisma 5/6 style (datasource with url)', () => {
  const [file] = schemaFixture('blog/schema.prisma')
  const schema = parseSchema([file!])

  it('reads the datasource', () => {
    expect(schema.datasource).toEqual({ name: 'db', provider: 'postgresql', schemas: [], file: file!.path, line: 7 })
  })

  it('reads the models in source order, with @@map names and their lines', () => {
    expect(schema.models.map((m) => [m.name, m.dbName, m.schema, m.line])).toEqual([
      ['User', 'users', null, 14],
      ['Post', null, null, 26],
      ['Category', null, null, 41],
      ['AuditLog', null, null, 51],
    ])
    expect(model(schema, 'User').documentation).toBe('A registered author.\n@electric')
    expect(model(schema, 'AuditLog').file).toBe(file!.path)
  })

  it('keeps what later checks need about each field', () => {
    const user = model(schema, 'User')
    expect(field(user, 'id')).toEqual({
      name: 'id',
      dbName: null,
      line: 15,
      kind: 'scalar',
      type: 'String',
      nativeType: { name: 'Uuid', args: [] },
      isList: false,
      isRequired: true,
      isId: true,
      isUnique: false,
      isReadOnly: false,
      isUpdatedAt: false,
      hasDefaultValue: true,
      default: { name: 'uuid', args: [4] },
    })
    expect(field(user, 'createdAt')).toMatchObject({ dbName: 'created_at', default: { name: 'now', args: [] }, line: 20 })
    expect(field(user, 'email')).toMatchObject({ isUnique: true, line: lineOf(file!, '  email     String   @unique') })
    expect(field(user, 'role')).toMatchObject({ kind: 'enum', type: 'Role', default: 'READER' })
    expect(field(user, 'name').isRequired).toBe(false)

    const post = model(schema, 'Post')
    expect(field(post, 'author')).toMatchObject({
      kind: 'object',
      type: 'User',
      relationName: 'PostToUser',
      relationFromFields: ['authorId'],
      relationToFields: ['id'],
      relationOnDelete: 'Cascade',
    })
    expect(field(post, 'authorId')).toMatchObject({ isReadOnly: true, nativeType: { name: 'Uuid', args: [] } })
    expect(field(post, 'tags')).toMatchObject({ isList: true, type: 'String' })
    expect(field(post, 'updatedAt').isUpdatedAt).toBe(true)
    expect(field(post, 'body').nativeType).toEqual({ name: 'Text', args: [] })
    expect(field(model(schema, 'AuditLog'), 'id').default).toEqual({ name: 'autoincrement', args: [] })
  })

  it('reads a self-referencing relation', () => {
    const category = model(schema, 'Category')
    expect(field(category, 'parent')).toMatchObject({ type: 'Category', relationName: 'CategoryTree', relationFromFields: ['parentId'] })
    expect(field(category, 'children')).toMatchObject({ type: 'Category', relationName: 'CategoryTree', isList: true, relationFromFields: [] })
  })

  it('reads enums with their @map labels and lines', () => {
    expect(schema.enums).toEqual([
      {
        name: 'Role',
        dbName: 'role',
        file: file!.path,
        line: 57,
        values: [
          { name: 'ADMIN', dbName: 'admin', line: 58 },
          { name: 'READER', dbName: 'reader', line: 59 },
        ],
      },
    ])
  })

  it('gives every block of the source with its comments', () => {
    expect(schema.blocks.map((b) => `${b.kind} ${b.name}`)).toEqual([
      'generator client',
      'datasource db',
      'model User',
      'model Post',
      'model Category',
      'model AuditLog',
      'enum Role',
    ])
    const post = schema.blocks.find((b) => b.name === 'Post')!
    expect(post.leadingComments).toEqual([{ line: 25, slashes: 3, text: ' @electric: synced to every device' }])
  })
})

describe('parseSchema, Prisma 7 style (no url)', () => {
  const files = schemaFixture('prisma7')
  const schema = parseSchema(files)

  it('parses, and keeps the lines below the datasource', () => {
    expect(schema.datasource).toMatchObject({ name: 'db', provider: 'postgresql', line: 7 })
    expect(schema.models.map((m) => [m.name, m.line])).toEqual([
      ['Team', 12],
      ['Player', 22],
    ])
    expect(field(model(schema, 'Player'), 'teamId').line).toBe(lineOf(files[0]!, '  teamId    String'))
  })

  it('reads a relation cycle (Team.captain → Player, Player.team → Team)', () => {
    expect(field(model(schema, 'Team'), 'captain')).toMatchObject({ type: 'Player', relationFromFields: ['captainId'], relationName: 'Captain' })
    expect(field(model(schema, 'Player'), 'team')).toMatchObject({ type: 'Team', relationFromFields: ['teamId'], relationName: 'Members' })
  })

  it('returns the source files as given, not the copy it parsed', () => {
    expect(schema.files).toEqual(files)
  })
})

describe('parseSchema, multiSchema', () => {
  const schema = parseSchema(schemaFixture('multi-schema'))

  it('reads the datasource schemas (Prisma sorts them) and each model @@schema', () => {
    expect(schema.datasource?.schemas).toEqual(['auth', 'public'])
    expect(schema.models.map((m) => [m.name, m.schema, m.dbName])).toEqual([
      ['Account', 'auth', 'accounts'],
      ['Item', 'public', null],
      ['OrderLine', 'public', 'order lines'],
      ['Quoted', 'public', 'say "hi"'],
      ['Overview', 'public', 'Übersicht café'],
    ])
  })
})

describe('parseSchema, a schema split over several files', () => {
  const files = schemaFixture('multi-file')
  const schema = parseSchema(files)
  const file = (name: string) => files.find((f) => f.path.endsWith(name))!.path

  it('gives each block the file it is in, and lines within that file', () => {
    expect(schema.models.map((m) => [m.name, m.file, m.line])).toEqual([
      ['Todo', file('models/todo.prisma'), 2],
      ['Draft', file('models/todo.prisma'), 10],
      ['User', file('models/user.prisma'), 2],
    ])
    expect(schema.enums.map((e) => [e.name, e.file, e.line])).toEqual([['Kind', file('enums.prisma'), 1]])
    expect(schema.datasource).toMatchObject({ file: file('/multi-file/schema.prisma'), line: 5 })
    expect(field(model(schema, 'Todo'), 'owner')).toMatchObject({ type: 'User', line: 6 })
  })
})

describe('parseSchema, views and composite types', () => {
  it('tells views from models, though the DMMF lists both as models', () => {
    const schema = parseSchema(schemaFixture('warnings'))
    expect(schema.views.map((v) => [v.name, v.line])).toEqual([['GoodView', 72]])
    expect(schema.models.map((m) => m.name)).not.toContain('GoodView')
    expect(field(schema.views[0]!, 'id')).toMatchObject({ isUnique: true, line: 73 })
  })

  it('reads composite types (MongoDB)', () => {
    const schema = parseSchema(schemaFixture('mongodb'))
    expect(schema.types.map((t) => [t.name, t.line, t.documentation, t.fields.map((f) => [f.name, f.line])])).toEqual([
      [
        'Address',
        8,
        '@electric',
        [
          ['street', 9],
          ['city', 10],
        ],
      ],
    ])
    expect(field(model(schema, 'Customer'), 'address')).toMatchObject({ kind: 'object', type: 'Address' })
  })
})

describe('parseSchema, layout details', () => {
  const datasource = 'datasource db {\r\n  provider = "postgresql"\r\n}\r\n'

  it('accepts CRLF line endings and a byte-order mark, keeping lines', () => {
    const content = `\uFEFF${datasource}\r\n// note\r\nmodel A {\r\n  id  String @id\r\n  url String @default("http://x") // a comment\r\n}\r\n`
    const schema = parseSchema([{ path: '/s/schema.prisma', content }])
    expect(schema.models[0]).toMatchObject({ name: 'A', line: 6 })
    expect(schema.models[0]!.fields.map((f) => [f.name, f.line])).toEqual([
      ['id', 7],
      ['url', 8],
    ])
    // `//` inside a string is not a comment; the one after it is.
    expect(schema.blocks.find((b) => b.name === 'A')!.innerComments).toEqual([{ line: 8, slashes: 2, text: ' a comment' }])
    expect(schema.blocks.find((b) => b.name === 'A')!.leadingComments).toEqual([{ line: 5, slashes: 2, text: ' note' }])
  })

  it('asks get_config with only the datasource and generator lines, each where it was (configBlocksOnly)', () => {
    const content = [
      'generator client {',
      '  provider = "prisma-client-js" // }',
      '}',
      'model A {',
      '  id Int @id',
      '}',
      'datasource db {',
      '  provider = "postgresql"',
      '  url      = env("URL") // a { and a }',
      '  }',
      'enum E {',
      '  X',
      '}',
    ].join('\n')
    const [kept] = configBlocksOnly([{ path: '/s/schema.prisma', content }])
    expect(kept!.content.split('\n')).toEqual([...content.split('\n').slice(0, 3), '', '', '', ...content.split('\n').slice(6, 10), '', '', ''])
    // a block that does not close on a line of its own keeps the rest of the file
    const open = 'datasource db { provider = "postgresql" }\nmodel A {\n  id Int @id\n}'
    expect(configBlocksOnly([{ path: '/s/schema.prisma', content: open }])[0]!.content).toBe(open)
  })

  it('accepts a schema without a datasource', () => {
    const schema = parseSchema([{ path: '/s/schema.prisma', content: 'model A {\n  id Int @id\n}\n' }])
    expect(schema.datasource).toBeNull()
    expect(schema.models.map((m) => m.name)).toEqual(['A'])
  })
})

describe('parseSchema errors', () => {
  it('reports the first error with its file and line, here in the second file of a multi-file schema', () => {
    const files = schemaFixture('invalid/multi-file')
    const error = schemaError(files)
    expect(error.code).toBe('schema/invalid')
    expect(error.exitCode).toBe(1)
    expect(error.file).toBe(files.find((f) => f.path.endsWith('broken.prisma'))!.path)
    expect(error.line).toBe(4)
    expect(error.message).toContain('Type "Persn" is neither a built-in type')
    expect(error.hint).toContain('prisma validate')
  })

  it('reports an error below a Prisma 7 datasource at its own line, without the url complaint', () => {
    const error = schemaError(schemaFixture('invalid/prisma7-unknown-type.prisma'))
    expect(error.line).toBe(7)
    expect(error.message).toContain('Persn')
    expect(error.message).not.toContain('url')
  })

  it('reports errors that Prisma only finds once the datasource has a url (native types), at their own line', () => {
    const files = schemaFixture('invalid/prisma7-native-type.prisma')
    const error = schemaError(files)
    expect(error.file).toBe(files[0]!.path)
    expect(error.line).toBe(9)
    expect(error.message).toContain('Native type Text is not compatible with declared field type Int')
    // The excerpt shows the user's line numbers too.
    expect(error.message).toContain(`${files[0]!.path}:9`)
    expect(error.message).not.toContain('ELECTRIFY')
  })

  it('lists every error, not only the first', () => {
    const content = 'datasource db {\n  provider = "postgresql"\n}\nmodel A {\n  id Int @id\n  b Nope\n  c Nope2\n}\n'
    const error = schemaError([{ path: '/s/schema.prisma', content }])
    expect(error.line).toBe(6)
    expect(error.message).toMatch(/has 2 errors[\s\S]*Nope[\s\S]*Nope2/)
  })
})
