import { describe, expect, it } from 'vitest'
import { parseAnyUrlStyle, parseAsWrittenFirst } from '../../src/schema/datasource-url.js'
import { getDatamodel, splitErrors, type ParseResult, type ParserError } from '../../src/schema/prisma-wasm.js'
import type { SchemaFile } from '../../src/schema/parse-schema.js'

const prisma6 = 'datasource db {\n  provider = "postgresql"\n  url      = env("DATABASE_URL")\n}\n\nmodel A {\n  id Int @id\n}\n'
const prisma7 = 'datasource db {\n  provider = "postgresql"\n}\n\nmodel A {\n  id Int @id\n}\n'
const file = (content: string): SchemaFile => ({ path: '/p/schema.prisma', content })

/** What Prisma 7's parser says about a url in the schema (it is not installed here, so it is played). */
function prisma7Parser(files: readonly SchemaFile[]): ParseResult<readonly SchemaFile[]> {
  const errors: ParserError[] = files.flatMap((f) =>
    f.content.split('\n').flatMap((text, i) =>
      /^\s*(url|directUrl)\s*=/.test(text)
        ? [
            {
              message: `The datasource property \`${text.trim().split(/\s/)[0]}\` is no longer supported in schema files. Move connection URLs for Migrate to \`prisma.config.ts\`.`,
              text: '…',
              file: f.path,
              line: i + 1,
            },
          ]
        : [],
    ),
  )
  return errors.length ? { ok: false, errors } : { ok: true, value: files }
}

describe('parseAnyUrlStyle', () => {
  it('parses a schema in the parser’s own style once, as written', () => {
    let calls = 0
    const result = parseAnyUrlStyle([file(prisma6)], (files) => {
      calls++
      return getDatamodel(files)
    })
    expect(result.ok).toBe(true)
    expect(calls).toBe(1)
  })

  it('adds a url for a parser that needs one (Prisma 6): the datasource moves to the end, no other line moves', () => {
    const result = parseAnyUrlStyle([file(prisma7)], getDatamodel)
    if (!result.ok) throw new Error(result.errors[0]!.text)
    const [parsed] = result.value.files
    const before = prisma7.split('\n')
    const after = parsed!.content.split('\n')
    expect(after.slice(0, 3).every((l) => l.trim() === '')).toBe(true)
    expect(after.slice(3, before.length)).toEqual(before.slice(3))
    expect(after.slice(before.length).join('\n')).toMatch(/^datasource db \{\n {2}url = env\("\w+"\)\n {2}provider = "postgresql"\n\}$/)
  })

  it('adapts a datasource without a url line before parsing: one parse, the same schema as parsing it as written first', () => {
    let calls = 0
    const result = parseAnyUrlStyle([file(prisma7)], (files) => {
      calls++
      return getDatamodel(files)
    })
    expect(calls).toBe(1)
    expect(result).toEqual(parseAsWrittenFirst([file(prisma7)], getDatamodel))
  })

  it('blanks the url line for a parser that rejects one (Prisma 7), keeping every line', () => {
    const result = parseAnyUrlStyle([file(prisma6)], prisma7Parser)
    if (!result.ok) throw new Error('rejected')
    const [parsed] = result.value.files
    expect(parsed!.content.split('\n')).toEqual(prisma6.split('\n').map((l) => (l.includes('url') ? ' '.repeat(l.length) : l)))
  })

  it('reports other errors as they are, without the url one', () => {
    const result = parseAnyUrlStyle([file(prisma7.replace('id Int @id', 'id Nope @id'))], getDatamodel)
    expect(result.ok).toBe(false)
    if (result.ok) return
    expect(result.errors.map((e) => [e.line, e.message.slice(0, 10)])).toEqual([[6, 'Type "Nope']])
  })

  it('reports an error the second parse finds inside the moved datasource at the user’s datasource line', () => {
    const result = parseAnyUrlStyle([file(`// top\n${prisma7}`)], (files): ParseResult<never> => {
      const content = files[0]!.content
      return content.includes('ELECTRIFY_SCHEMA_CHECK_URL')
        ? { ok: false, errors: [{ message: 'Something about the datasource', text: '', file: '/p/schema.prisma', line: content.split('\n').length - 1 }] }
        : { ok: false, errors: [{ message: 'Argument "url" is missing in data source block "db".', text: '', file: '/p/schema.prisma', line: 2 }] }
    })
    expect(result.ok).toBe(false)
    if (!result.ok) expect(result.errors[0]!.line).toBe(2)
  })
})

describe('splitErrors', () => {
  it('splits the parser report into errors with file and line (paths may hold colons and spaces)', () => {
    const report = [
      'error: First problem.',
      '  -->  /a b/c:d/schema.prisma:12',
      '   | ',
      '11 | x',
      '12 | error: not a header, an excerpt',
      '   | ',
      'error: Second problem.',
      '  -->  /x.prisma:3',
      '',
      'Validation Error Count: 2',
    ].join('\n')
    expect(splitErrors(report).map(({ message, file, line }) => ({ message, file, line }))).toEqual([
      { message: 'First problem.', file: '/a b/c:d/schema.prisma', line: 12 },
      { message: 'Second problem.', file: '/x.prisma', line: 3 },
    ])
  })
})
