/**
 * `electrify status` end to end, on Prisma 6 and Prisma 7: the built CLI reads `_prisma_migrations` and
 * `electric.electrified` through the proxy stand-in (or directly), before and after `electrify deploy`, and
 * when the database and the annotations drift apart.
 */
import { writeFile, readFile } from 'node:fs/promises'
import path from 'node:path'
import { describe, expect, test } from 'vitest'
import { testProxies } from '../harness/in-test.js'
import { deployApp, electrifyByHand, exits, INIT, MAJORS, relationExists } from '../status/e2e-app.js'

const proxy = testProxies() // a stand-in per test, in front of the test's own database (Electric serves one)

const TAG = '20240102000000_tag'
const TAG_SQL = '-- CreateTable\nCREATE TABLE "Tag" (\n    "id" TEXT NOT NULL,\n\n    CONSTRAINT "Tag_pkey" PRIMARY KEY ("id")\n);\n\n-- electrify: enable Electric sync for annotated models\nALTER TABLE "Tag" ENABLE ELECTRIC;\n'

type Row = { model: string; state: string; created: { name: string; state: string } | null; electrified: { name: string; state: string } | null; synced: boolean }
const rows = (document: { models: Row[] }) => document.models.map((m) => [m.model, m.state, m.electrified && `${m.electrified.name} ${m.electrified.state}`, m.synced])

describe.each(MAJORS)('electrify status, Prisma $major', (major) => {
  test('before a deploy everything is pending (exit 1); after it, in sync (exit 0); reading changes nothing', async () => {
    const app = await deployApp(proxy, major)
    const before = exits(await app.electrify(['status', '--proxy-url', app.proxyUrl, '--json']), 1)
    const pending = JSON.parse(before.stdout)
    expect(pending).toMatchObject({ ok: false, inSync: false, pending: [INIT], failed: [], migrations: { total: 1, applied: 0 }, database: { migrationsTable: false, electrifiedTable: false } })
    expect(rows(pending)).toEqual([
      ['User', 'pending', `${INIT} pending`, false],
      ['Post', 'pending', `${INIT} pending`, false],
    ])
    expect(pending.findings).toEqual([expect.objectContaining({ severity: 'warning', code: 'status/pending', hint: 'Apply it through the proxy: `npx --no -- electrify deploy`.' })])
    expect(pending.readFrom).toEqual({ through: 'proxy', url: expect.stringMatching(/^postgresql:\/\/postgres:\*\*\*\*@/), source: '--proxy-url', label: '--proxy-url' })
    // Read-only: status created neither Prisma's table nor Electric's.
    expect(await relationExists(app.directUrl, '_prisma_migrations')).toBe(false)
    expect(await relationExists(app.directUrl, 'electric.electrified')).toBe(false)

    const human = exits(await app.electrify(['status', '--proxy-url', app.proxyUrl]), 1)
    expect(human.stdout).toMatch(/^model +table +created by +electrified by +Electric syncs +state$/m)
    expect(human.stdout).toMatch(/^Post +"Post" +20240101000000_init \(pending\) +20240101000000_init \(pending\) +no +pending$/m)
    expect(human.stdout).toMatch(/^pending: 20240101000000_init$/m)
    expect(human.stdout).toMatch(/^✗ not in sync: 1 pending migration; 0 of 1 migration applied \(\d+ ms\)$/m)
    expect(human.stderr).toMatch(/^prisma\/migrations\/20240101000000_init\/migration\.sql: warning\[status\/pending\] migration 20240101000000_init is not applied yet$/m)

    exits(await app.electrify(['deploy', '--proxy-url', app.proxyUrl]), 0)
    const after = exits(await app.electrify(['status', '--proxy-url', app.proxyUrl, '--json']), 0)
    const synced = JSON.parse(after.stdout)
    expect(synced).toMatchObject({ ok: true, inSync: true, pending: [], unannotated: [], findings: [], migrations: { total: 1, applied: 1 } })
    expect(rows(synced)).toEqual([
      ['User', 'synced', `${INIT} applied`, true],
      ['Post', 'synced', `${INIT} applied`, true],
    ])
    const people = exits(await app.electrify(['status', '--proxy-url', app.proxyUrl]), 0)
    expect(people.stdout).toMatch(/^✓ in sync: 1 of 1 migration applied; Electric syncs all 2 annotated tables \(\d+ ms\)$/m)
    expect(people.stderr).toMatch(/^electrify: reading through the proxy postgresql:\/\/postgres:\*\*\*\*@127\.0\.0\.1:\d+\/\S+ \(from --proxy-url\)$/m)

    // The same read straight from the database.
    const direct = exits(await app.electrify(['status', '--database-url', app.directUrl, '--json']), 0)
    const { readFrom, durationMs: _a, ...directReport } = JSON.parse(direct.stdout)
    const { readFrom: _p, durationMs: _b, ...proxyReport } = synced
    expect(readFrom).toEqual({ through: 'database', url: expect.stringContaining(':****@'), source: '--database-url', label: '--database-url' })
    expect(directReport).toEqual(proxyReport)
  })

  test('drift: a table electrified by hand and not annotated; an annotation whose migration is pending', async () => {
    const app = await deployApp(proxy, major)
    exits(await app.electrify(['deploy', '--proxy-url', app.proxyUrl]), 0)
    await electrifyByHand(app.proxyUrl, 'legacy')
    // A new annotated model, its migration committed but not deployed.
    const schema = path.join(app.app.dir, 'prisma/schema.prisma')
    await writeFile(schema, `${await readFile(schema, 'utf8')}\n/// @electric\nmodel Tag {\n  id String @id @default(uuid())\n}\n`)
    await app.addMigration(TAG, TAG_SQL)

    const result = exits(await app.electrify(['status', '--proxy-url', app.proxyUrl, '--json']), 1)
    const document = JSON.parse(result.stdout)
    expect(document).toMatchObject({
      ok: false,
      pending: [TAG],
      unannotated: [{ table: { schema: 'public', name: 'legacy' }, model: null, electrified: null }],
      migrations: { total: 2, applied: 1 },
    })
    expect(rows(document)).toEqual([
      ['User', 'synced', `${INIT} applied`, true],
      ['Post', 'synced', `${INIT} applied`, true],
      ['Tag', 'pending', `${TAG} pending`, false],
    ])
    expect(document.findings.map((f: { code: string }) => f.code)).toEqual(['status/pending', 'status/not-annotated'])

    const human = exits(await app.electrify(['status', '--proxy-url', app.proxyUrl]), 1)
    expect(human.stdout).toMatch(/^Tag +"Tag" +20240102000000_tag \(pending\) +20240102000000_tag \(pending\) +no +pending$/m)
    expect(human.stdout).toMatch(/^Electric also syncs, unannotated: "legacy" \(no model, electrified by hand\)$/m)
    expect(human.stdout).toMatch(/^✗ not in sync: 1 pending migration, 1 table synced without an annotation; 1 of 2 migrations applied \(\d+ ms\)$/m)
    expect(human.stderr).toMatch(/error\[status\/not-annotated\] Electric syncs "legacy", which no model of the schema maps to; no migration electrifies it \(electrified by hand\)\n  fix: Add a model for the table/)
  })
})

test('the proxy is down: exit 1, a clear message, and one JSON document with --json', async () => {
  const app = await deployApp(proxy, MAJORS[0]!)
  const down = 'postgresql://postgres:proxy_password@127.0.0.1:1/app'
  const human = exits(await app.electrify(['status', '--proxy-url', down]), 1)
  expect(human.stdout).toBe('')
  expect(human.stderr).toMatch(/error\[proxy\/unreachable\] cannot reach Electric's proxy at 127\.0\.0\.1:1 \(ECONNREFUSED\); the URL came from --proxy-url/)
  expect(human.stderr).not.toContain('proxy_password')
  const json = exits(await app.electrify(['status', '--proxy-url', down, '--json']), 1)
  expect(JSON.parse(json.stdout)).toMatchObject({ ok: false, error: { code: 'proxy/unreachable', hint: expect.any(String) } })
})
