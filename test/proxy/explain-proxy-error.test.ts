import { describe, expect, it } from 'vitest'
import { explainProxyError } from '../../src/proxy/explain-proxy-error.js'

/** How Prisma 6 prints a failed migration with a driver adapter (the harness's offline Prisma). */
function adapterOutput(message: string): string {
  return `Loaded Prisma config from prisma.config.ts.
Prisma config detected, skipping environment variable loading.
Error: external connector error
Error querying the database: ERROR: ${message}
   0: sql_schema_connector::apply_migration::apply_script
           with migration_name="20261121012945_init"
             at schema-engine/connectors/sql-schema-connector/src/apply_migration.rs:113
`
}

/** How Prisma prints it with its native schema engine (P3018 / P3006). */
function nativeOutput(code: string, message: string): string {
  return `Applying migration \`20240101000000_init\`
Error: P3018

A migration failed to apply. New migrations cannot be applied before the error is recovered from. Read more about how to resolve migration issues in a production database: https://pris.ly/d/migrate-resolve

Migration name: 20240101000000_init

Database error code: ${code}

Database error:
ERROR: ${message}

DbError { severity: "ERROR", parsed_severity: Some(Error), code: SqlState(Other("${code}")), message: "${message.replaceAll('"', '\\"')}", detail: None }
`
}

describe('explainProxyError', () => {
  it.each([
    ['EX001', 'ELECTRIC GRANT is currently unsupported', /does not support `ELECTRIC GRANT`/, /Remove the ELECTRIC GRANT statement/],
    ['EX002', 'Cannot rename electrified table "public"."Post"', /rename the electrified table "Post"/, /@@map/],
    ['EX003', 'Cannot rename property of electrified table "public"."Post"', /rename part of the electrified table "Post"/, /Remove the rename/],
    ['EX004', 'Cannot drop electrified table "public"."Post"', /drop the electrified table "Post"/, /Keep the model/],
    ['EX100', 'Cannot DROP Electrified table "public"."Post"', /drop the electrified table "Post"/, /Keep the model/],
    ['EX005', 'Cannot electrify column of type "timestamp(3)"', /column of type timestamp\(3\).*TIMESTAMP\(3\)/, /`@db.Timestamp`/],
    ['EX006', 'Cannot electrify column with DEFAULT clause', /database DEFAULT/, /Remove the `@default/],
    ['EX007', 'Cannot alter column "authorId" of electrified table "public"."Post"', /alter column "authorId" of the electrified table "Post"/, /move its `ENABLE ELECTRIC` to the very end/],
    ['EX008', 'Cannot rename column "title" of electrified table "public"."Post"', /rename column "title"/, /@map\("title"\)/],
    ['EX009', 'Cannot change type of column "title" of electrified table "public"."Post"', /change the type of column "title"/, /add a new field/],
    ['EX010', 'Cannot drop column "title" of electrified table "public"."Post"', /drop column "title" of the electrified table "Post"/, /Keep the field/],
    ['EX011', 'Cannot electrify column with UNIQUE constraint', /new column with a UNIQUE constraint/, /without the UNIQUE constraint/],
    ['EX012', 'Cannot rename constraint "Post_pkey" of electrified table "public"."Post"', /rename constraint "Post_pkey"/, /map: "Post_pkey"/],
    ['EX014', 'Cannot electrify "auth"."User" because only tables in the default `public` schema can be electrified.', /"auth"."User" because it is not in the "public" schema/, /@@schema/],
    ['EX015', 'Cannot electrify "public"."Tag" because it does not have a primary key', /electrify "Tag" because it has no primary key/, /@id/],
    ['EX016', 'Cannot electrify ENUM "public"."Mood" because it contains unsupported values: ["not ok"]', /enum "public"."Mood" because of the labels \["not ok"\]/, /Rename those enum values/],
    ['EX100', 'Invalid destructive migration on Electrified table "public"."Post"', /destructive change to the electrified table "Post"/, /only adds columns or indexes/],
    ['00000', 'Invalid ELECTRIC statement', /could not read a DDLX statement/, /ALTER TABLE "Table" ENABLE ELECTRIC;/],
    ['42P01', 'relation "public.user" does not exist', /table public.user does not exist.*ENABLE ELECTRIC for an unknown table/, /quote them/],
  ])('%s: %s', (code, message, sentence, fix) => {
    for (const output of [adapterOutput(message), nativeOutput(code, message)]) {
      const explained = explainProxyError(output)
      expect(explained, output).toBeDefined()
      expect(explained!.electricCode).toBe(code)
      expect(explained!.code).toBe(`proxy/${code}`)
      expect(explained!.sentence).toMatch(sentence)
      expect(explained!.sentence).toMatch(new RegExp(`\\(${code}\\)\\.$`))
      expect(explained!.fix).toMatch(fix)
      expect(explained!.raw).toContain(message)
    }
  })

  it('reads the procedure messages of ENABLE, with their column lists', () => {
    const types = explainProxyError(
      adapterOutput('Cannot electrify "public."Item"" because some of its columns have types not supported by Electric:\n  price numeric(65,30)\n  code character varying(191)'),
    )
    expect(types).toMatchObject({ electricCode: 'EX005', sentence: 'Electric refused to electrify "Item" because of column types it does not support (price numeric(65,30), code character varying(191)) (EX005).' })
    expect(types!.raw).toBe('ERROR: Cannot electrify "public."Item"" because some of its columns have types not supported by Electric:\n  price numeric(65,30)\n  code character varying(191)')
    const defaults = explainProxyError(nativeOutput('P0001', 'Cannot electrify "public.items" because some of its columns have DEFAULT expression which is not currently supported by Electric:\n  id\n  "createdAt"'))
    expect(defaults).toMatchObject({ electricCode: 'EX006', sentence: 'Electric refused to electrify "items" because columns have a database DEFAULT (id, "createdAt") (EX006).' })
  })

  it('explains an EX code it does not know by its code, and nothing else', () => {
    expect(explainProxyError(nativeOutput('EX013', 'Table x does not support write permissions'))).toMatchObject({ electricCode: 'EX013', sentence: 'Electric refused the migration (EX013).' })
    expect(explainProxyError(adapterOutput('syntax error at or near "SELEC"'))).toBeUndefined()
    expect(explainProxyError('simulated failure while applying')).toBeUndefined()
  })

  it('PostgreSQL\'s own syntax error at ELECTRIC: the connection bypassed the proxy, said as plain PostgreSQL answering', () => {
    for (const output of [adapterOutput('syntax error at or near "ELECTRIC"'), nativeOutput('42601', 'syntax error at or near "ELECTRIC"')]) {
      const explained = explainProxyError(output)
      expect(explained, output).toMatchObject({ electricCode: '42601', code: 'proxy/42601', answeredBy: 'PostgreSQL', raw: expect.stringContaining('syntax error at or near "ELECTRIC"') })
      expect(explained!.sentence).toBe("The server answered as plain PostgreSQL, not Electric's proxy: it does not understand ENABLE ELECTRIC (42601).")
      expect(explained!.fix).toMatch(/PG_PROXY_PORT \(65432 by default\)/)
    }
    expect(explainProxyError(adapterOutput('Cannot drop column "a" of electrified table "public"."T"'))?.answeredBy).toBe('Electric')
  })

  it('the same error from Prisma\'s shadow database names the shadow database', () => {
    // As the offline Prisma 6 prints it (`migrate dev` replaying a history with DDLX on plain PostgreSQL).
    const output = `Prisma config detected, skipping environment variable loading.
Error: P3006

Migration \`20240101000000_init\` failed to apply cleanly to the shadow database.${' '}
Error:
ERROR: syntax error at or near "ELECTRIC"
   0: schema_engine_wasm::wasm::engine::DevDiagnostic
             at schema-engine/schema-engine-wasm/src/wasm/engine.rs:223
`
    const explained = explainProxyError(output)
    expect(explained).toMatchObject({ code: 'proxy/42601', answeredBy: 'PostgreSQL', raw: 'ERROR: syntax error at or near "ELECTRIC"' })
    expect(explained!.sentence).toMatch(/^Prisma's shadow database answered as plain PostgreSQL, not through Electric's proxy/)
    expect(explained!.fix).toMatch(/prisma_migrate_shadow_db_/)
  })

  it('takes the first answer in the output', () => {
    const output = `${adapterOutput('Cannot drop column "a" of electrified table "public"."T"')}\n${adapterOutput('Invalid ELECTRIC statement')}`
    expect(explainProxyError(output)?.electricCode).toBe('EX010')
  })
})
