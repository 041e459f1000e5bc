/**
 * What a finished Prisma command means, from Prisma's real output (captured from the offline Prisma 6
 * the suite runs): exit code 130 is Ctrl-C only when electrify stopped the child, and every error
 * carries Prisma's cause, so that it stands alone in a JSON document.
 */
import { describe, expect, test } from 'vitest'
import type { ElectrifyError } from '../../src/errors.js'
import { stopOnFailedApply, stopOnFailedStep } from '../../src/prisma/prisma-outcome.js'
import type { PrismaRun } from '../../src/prisma/run-prisma.js'

/** `prisma migrate dev` after an applied migration was edited: Prisma exits 130 by itself. */
const RESET_WANTED = `Prisma schema loaded from prisma/schema.prisma
Datasource "db": PostgreSQL database "app", schema "public" using driver adapter "@prisma/adapter-pg"

WARNING: Your schema specifies the following datasource properties but you are using a Driver Adapter via prisma.config.ts:
- url

The migration \`20261129021712_init\` was modified after it was applied.
We need to reset the "public" schema at "127.0.0.1:45921"

You may use prisma migrate reset to drop the development database.
All data will be lost.
`

const PLAIN_POSTGRES = `Prisma config detected, skipping environment variable loading.
Error: external connector error
Error querying the database: ERROR: syntax error at or near "ELECTRIC"
   0: sql_schema_connector::apply_migration::apply_script
           with migration_name="20240101000000_init"
`

const SHADOW_PLAIN_POSTGRES = `Prisma config detected, skipping environment variable loading.
Error: P3006

Migration \`20240101000000_init\` failed to apply cleanly to the shadow database.
Error:
ERROR: syntax error at or near "ELECTRIC"
   0: schema_engine_wasm::wasm::engine::DevDiagnostic
`

const run = (exitCode: number, output: string, aborted = false): PrismaRun => ({ exitCode, output, aborted })
const TARGET = { name: '20240101000000_init', file: '/app/prisma/migrations/20240101000000_init/migration.sql' }
const applyContext = { cwd: '/app', findings: [] }

function thrown(fn: () => void): ElectrifyError {
  try {
    fn()
  } catch (error) {
    return error as ElectrifyError
  }
  throw new Error('expected an error')
}

describe("Prisma's exit code 130", () => {
  test('a reset Prisma wants is a failure (exit 1) that says so, with Prisma’s reason; never "interrupted"', () => {
    const error = thrown(() => stopOnFailedStep(run(130, RESET_WANTED), 'prisma migrate dev --create-only'))
    expect(error).toMatchObject({ code: 'migrate/prisma-reset-needed', exitCode: 1 })
    expect(error.message).toMatch(/^prisma migrate dev --create-only stopped: Prisma wants to reset the database, which deletes all its data; electrify does not let it, and nothing was changed/)
    expect(error.message).toContain('The migration `20261129021712_init` was modified after it was applied.')
    expect(error.message).not.toContain('- url') // Prisma's warnings before the reason are left out
    const apply = thrown(() => stopOnFailedApply(run(130, RESET_WANTED), 'prisma migrate dev', TARGET, applyContext))
    expect(apply).toMatchObject({ code: 'migrate/prisma-reset-needed', exitCode: 1 })
    expect(apply.message).toContain('20240101000000_init was not applied and keeps its ENABLE ELECTRIC statements')
  })

  test('any other 130 of Prisma’s own (a prompt answered "no") exits 1; only an abort by electrify is 130', () => {
    expect(thrown(() => stopOnFailedStep(run(130, 'Migration cancelled.\n'), 'prisma migrate dev --create-only'))).toMatchObject({ code: 'migrate/prisma-failed', exitCode: 1 })
    expect(thrown(() => stopOnFailedApply(run(130, 'Migration cancelled.\n'), 'prisma migrate dev', TARGET, applyContext))).toMatchObject({ code: 'migrate/apply-failed', exitCode: 1 })
    expect(thrown(() => stopOnFailedStep(run(130, '', true), 'prisma migrate dev --create-only'))).toMatchObject({ code: 'migrate/interrupted', exitCode: 130 })
    expect(thrown(() => stopOnFailedStep(run(3, 'prisma says no\n'), 'prisma migrate dev --create-only'))).toMatchObject({ exitCode: 3 })
  })
})

describe('errors that stand alone (no "see above")', () => {
  test("a failed step carries Prisma's error in its own words", () => {
    const output = `Prisma schema loaded from prisma/schema.prisma\nError: P1001: Can't reach database server at \`localhost:65432\`\n\nPlease make sure your database server is running at \`localhost:65432\`.\n`
    const error = thrown(() => stopOnFailedStep(run(1, output), 'prisma migrate dev --create-only'))
    expect(error.message).toBe(
      "prisma migrate dev --create-only failed with exit code 1; nothing else was changed. Prisma said:\n  Error: P1001: Can't reach database server at `localhost:65432`\n  Please make sure your database server is running at `localhost:65432`.",
    )
    expect(`${error.message} ${error.hint}`).not.toMatch(/above/)
    const noErrorLine = thrown(() => stopOnFailedStep(run(3, 'prisma says no\n'), 'prisma migrate dev --create-only'))
    expect(noErrorLine.message).toMatch(/Prisma said:\n {2}prisma says no$/)
  })

  test('a failed apply too', () => {
    const error = thrown(() => stopOnFailedApply(run(1, 'simulated failure while applying\n'), 'prisma migrate dev', TARGET, applyContext))
    expect(error.message).toBe('applying 20240101000000_init through the proxy failed (prisma migrate dev exited 1). Prisma said:\n  simulated failure while applying')
    expect(`${error.message} ${error.hint}`).not.toMatch(/above/)
  })
})

describe('PostgreSQL answering where Electric should', () => {
  test('applying: the server answered as plain PostgreSQL; the migration is fine, only the URL was wrong', () => {
    const error = thrown(() => stopOnFailedApply(run(1, PLAIN_POSTGRES), 'prisma migrate dev', TARGET, applyContext))
    expect(error).toMatchObject({ code: 'migrate/apply-failed', exitCode: 1 })
    expect(error.message).toBe(
      'applying 20240101000000_init through the proxy failed: The server answered as plain PostgreSQL, not Electric\'s proxy: it does not understand ENABLE ELECTRIC (42601).\n  PostgreSQL answered: ERROR: syntax error at or near "ELECTRIC"',
    )
    expect(error.hint).toMatch(/PG_PROXY_PORT/)
    expect(error.hint).toMatch(/prisma migrate resolve --rolled-back 20240101000000_init` with the same URL, then run electrify again with the proxy URL/)
    expect(error.hint).not.toMatch(/DELETE FROM _prisma_migrations/)
  })

  test("Prisma's shadow database: named, and nothing recorded to undo", () => {
    const error = thrown(() => stopOnFailedStep(run(1, SHADOW_PLAIN_POSTGRES), 'prisma migrate dev --create-only'))
    expect(error).toMatchObject({ code: 'migrate/prisma-failed', exitCode: 1 })
    expect(error.message).toMatch(/^prisma migrate dev --create-only failed: Prisma's shadow database answered as plain PostgreSQL/)
    expect(error.hint).not.toMatch(/recorded/)
  })
})
