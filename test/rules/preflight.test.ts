import { describe, expect, it } from 'vitest'
import { preflightFindings } from '../../src/rules/index.js'
import { findAnnotatedTables } from '../../src/schema/annotations.js'
import { parseSchema } from '../../src/schema/parse-schema.js'

const FILE = '/app/prisma/schema.prisma'
const DATASOURCE = `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
}
`

function check(models: string, datasource = DATASOURCE) {
  const content = `${datasource}${models}`
  const schema = parseSchema([{ path: FILE, content }])
  const lines = content.split('\n')
  /** 1-based line of the first line containing `text`. */
  const line = (text: string) => {
    const index = lines.findIndex((l) => l.includes(text))
    if (index < 0) throw new Error(`no line with ${text}`)
    return index + 1
  }
  return { findings: preflightFindings(schema, findAnnotatedTables(schema).tables), line }
}

describe('preflightFindings', () => {
  it('has nothing to say about a model Electric accepts', () => {
    const { findings } = check(`
enum Role {
  reader
  Writer_2 @map("writer_2")
}

/// @electric
model User {
  id        String   @id @default(uuid())
  other     String   @default(cuid())
  createdAt DateTime
  updatedAt DateTime @updatedAt
  name      String?  @db.VarChar
  age       Int?     @db.SmallInt
  score     Float?   @db.Real
  big       BigInt?
  ok        Boolean
  data      Json?
  blob      Bytes?
  day       DateTime? @db.Date
  at        DateTime? @db.Time(3)
  tz        DateTime? @db.Timestamptz(6)
  ref       String?  @db.Uuid
  role      Role
  posts     Post[]
}

/// @electric
model Post {
  authorId String
  slug     String
  author   User @relation(fields: [authorId], references: [id])
  @@id([authorId, slug])
}

model Plain {
  id Int @id @default(autoincrement())
}
`)
    expect(findings).toEqual([])
  })

  it('flags database defaults with the fix for each kind', () => {
    const { findings, line } = check(`
enum Role {
  reader
  writer
}

/// @electric
model Item {
  id      Int      @id @default(autoincrement())
  at      DateTime @default(now())
  touched DateTime @default(now()) @updatedAt
  gen     String   @default(dbgenerated("gen_random_uuid()"))
  title   String   @default("untitled")
  count   Int      @default(0)
  role    Role     @default(reader)
}
`)
    expect(findings.every((f) => f.code === 'preflight/database-default' && f.severity === 'error' && f.file === FILE)).toBe(true)
    expect(findings.map((f) => [f.line, f.message.split(':')[0]])).toEqual([
      [line('id      Int'), 'Item.id'],
      [line('at      DateTime'), 'Item.at'],
      [line('touched'), 'Item.touched'],
      [line('gen '), 'Item.gen'],
      [line('title'), 'Item.title'],
      [line('count'), 'Item.count'],
      [line('role    Role'), 'Item.role'],
    ])
    expect(findings[0]).toMatchObject({ model: 'Item', field: 'id', electricCode: 'EX006' })
    expect(findings[0]!.hint).toContain('Use `@default(uuid())` instead of `autoincrement()`')
    expect(findings[1]!.hint).toMatch(/Remove `@default\(now\(\)\)` and set at when you create the row/)
    expect(findings[2]!.hint).toMatch(/`@updatedAt` alone/)
    expect(findings[3]!.message).toContain('`@default(dbgenerated("gen_random_uuid()"))`')
    expect(findings[4]!.hint).toContain('Remove `@default("untitled")`')
    expect(findings[6]!.message).toContain('`@default(reader)`')
  })

  it('flags column types Electric does not support, as Prisma writes them', () => {
    const { findings, line } = check(`
/// @electric
model Item {
  id     String   @id @db.Uuid
  price  Decimal
  money  Decimal  @db.Money
  code   String   @db.VarChar(191)
  letter String   @db.Char(1)
  doc    Json     @db.Json
  tags   String[]
  xml    String   @db.Xml
  tz     DateTime @db.Timetz
  shape  Unsupported("circle")?
}
`)
    expect(findings.map((f) => [f.code, f.field, f.line])).toEqual([
      ['preflight/unsupported-type', 'price', line('price')],
      ['preflight/unsupported-type', 'money', line('money')],
      ['preflight/unsupported-type', 'code', line('code ')],
      ['preflight/unsupported-type', 'letter', line('letter')],
      ['preflight/unsupported-type', 'doc', line('doc ')],
      ['preflight/unsupported-type', 'tags', line('tags')],
      ['preflight/unsupported-type', 'xml', line('xml ')],
      ['preflight/unsupported-type', 'tz', line('tz ')],
      ['preflight/unsupported-type', 'shape', line('shape')],
    ])
    const byField = Object.fromEntries(findings.map((f) => [f.field, f]))
    expect(byField.price!.message).toBe('Item.price: `Decimal` becomes DECIMAL(65,30), a column type Electric does not support.')
    expect(byField.code!.message).toContain('VARCHAR(191)')
    expect(byField.code!.hint).toMatch(/`@db.VarChar` without `\(n\)`/)
    expect(byField.doc!.hint).toMatch(/Use `Json` without `@db.Json`/)
    expect(byField.tags!.message).toMatch(/list `String\[\]` becomes a Postgres array \(TEXT\[\]\)/)
    expect(byField.shape!.message).toContain('Unsupported("circle")')
  })

  it('checks enum labels as written in the database (with @map)', () => {
    const { findings, line } = check(`
enum Status {
  active
  on_hold  @map("on hold")
  Archived @map("2archived")
}

enum Fine {
  ok      @map("OK")
}

/// @electric
model Item {
  id     String @id
  status Status
  fine   Fine
  many   Fine[]
}
`)
    expect(findings.map((f) => [f.code, f.field, f.line])).toEqual([
      ['preflight/enum-label', 'status', line('status Status')],
      ['preflight/unsupported-type', 'many', line('many')],
    ])
    expect(findings[0]!.message).toContain(`enum Status (line ${line('on_hold')}) has database labels "on hold", "2archived"`)
    expect(findings[0]!.hint).toContain('"on_hold"')
  })

  it('requires a primary key and the public schema', () => {
    const { findings, line } = check(
      `
/// @electric
model NoKey {
  email String @unique
  @@schema("public")
}

/// @electric
model Elsewhere {
  id String @id
  @@schema("auth")
}
`,
      `datasource db {
  provider = "postgresql"
  url      = env("DATABASE_URL")
  schemas  = ["public", "auth"]
}
`,
    )
    expect(findings.map((f) => [f.code, f.severity, f.line])).toEqual([
      ['preflight/no-primary-key', 'error', line('model NoKey')],
      ['preflight/unique', 'warning', line('email String')],
      ['preflight/schema-not-public', 'error', line('model Elsewhere')],
    ])
    expect(findings[2]!.message).toBe('model Elsewhere is in the database schema "auth"; Electric only electrifies tables in "public".')
  })

  it('requires foreign keys to point at annotated models; a back-relation alone is fine', () => {
    const { findings, line } = check(`
model Account {
  id    String @id
  items Item[]
}

/// @electric
model Item {
  id        String  @id
  accountId String
  account   Account @relation(fields: [accountId], references: [id])
}
`)
    expect(findings.map((f) => [f.code, f.field, f.line])).toEqual([['preflight/foreign-key-target', 'account', line('account   Account')]])
    expect(findings[0]!.hint).toBe('Annotate model Account with `/// @electric` too, or remove the relation from Item.')
  })

  it('warns (does not fail) about @unique and @@unique, at their lines', () => {
    const { findings, line } = check(`
/// @electric
model Item {
  id   String @id
  slug String @unique
  a    String
  b    String

  @@unique([a, b])
}
`)
    expect(findings.map((f) => [f.code, f.severity, f.line])).toEqual([
      ['preflight/unique', 'warning', line('slug')],
      ['preflight/unique', 'warning', line('@@unique')],
    ])
  })

  it('only looks at annotated models', () => {
    const { findings } = check(`
model Plain {
  id    Int     @id @default(autoincrement())
  price Decimal @default(0)
}
`)
    expect(findings).toEqual([])
  })
})
