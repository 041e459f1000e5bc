/**
 * scripts/conformance.js (and a smoke run of scripts/bench.js): on a folder this test writes itself,
 * always; on the real-world corpus (../shared/corpus/migrations from the repository root) when it is
 * there. The scripts import the built library, so this needs `npm run build` first (`npm test` does it).
 */
import { execFile } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'

const repoRoot = fileURLToPath(new URL('..', import.meta.url))
const conformanceScript = path.join(repoRoot, 'scripts', 'conformance.js')
const benchScript = path.join(repoRoot, 'scripts', 'bench.js')
const factsScript = path.join(repoRoot, 'scripts', 'conformance-facts.js')
const corpus = path.resolve(repoRoot, '..', 'shared', 'corpus', 'migrations')
const hasCorpus = existsSync(corpus)

interface InvalidStatement {
  file: string
  line: number
  statementLine: number
  message: string
  excerpt: string
}

interface ConformanceReport {
  folder: string
  files: number
  bytes: number
  statements: number
  ddlx: number
  invalid: InvalidStatement[]
  crashes: { file: string; stage: 'read' | 'analyze'; message: string; stack?: string }[]
  anomalies: { file: string; line?: number; problem: string }[]
  findings: Record<string, number>
  timeMs: { total: number; import: number; read: number; loadParser: number; analyse: number }
}

interface ConformanceModule {
  runConformance(folder: string, options?: { analyzeMigration?: (source: { name: string; file: string; sql: string }) => unknown }): Promise<ConformanceReport>
  exitCodeOf(report: ConformanceReport): number
}

interface Run {
  code: number
  stdout: string
  stderr: string
}

function run(script: string, args: string[]): Promise<Run> {
  return new Promise((resolve) => {
    execFile(process.execPath, [script, ...args], { cwd: repoRoot, maxBuffer: 64 * 2 ** 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : -1) : 0
      resolve({ code, stdout, stderr })
    })
  })
}

function parseJson<T>(result: Run): T {
  try {
    return JSON.parse(result.stdout) as T
  } catch {
    throw new Error(`not one JSON document (exit ${result.code}):\n${result.stdout}\n${result.stderr}`)
  }
}

// Three migrations in Prisma's style: one valid, one with a statement Postgres rejects, one with DDLX.
const INIT = `-- CreateTable
CREATE TABLE "Item" (
    "id" TEXT NOT NULL,
    "name" TEXT NOT NULL,

    CONSTRAINT "Item_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "Item_name_key" ON "Item"("name");
`

// Line 4 starts the invalid statement; Postgres points at the comma on line 5.
const TYPO = `-- AlterTable
ALTER TABLE "Item" ADD COLUMN "price" INTEGER;

ALTER TABLE "Item"
    ADD COLUMN "note" TEXT NOT NULL DEFAULT,
    ADD COLUMN "size" INTEGER;

CREATE INDEX "Item_price_idx" ON "Item"("price");
`

const ELECTRIC = `-- CreateTable
CREATE TABLE "Tag" ("id" TEXT NOT NULL, CONSTRAINT "Tag_pkey" PRIMARY KEY ("id"));

ALTER TABLE "Item" ENABLE ELECTRIC;
ALTER TABLE "Tag" ENABLE ELECTRIC;
`

const MIGRATIONS: [string, string][] = [
  ['20240101000000_init', INIT],
  ['20240102000000_typo', TYPO],
  ['20240103000000_electric', ELECTRIC],
]

let temp: string
let flat: string
let prisma: string

beforeAll(() => {
  temp = mkdtempSync(path.join(os.tmpdir(), 'electrify-conformance-'))
  // Layout 1: a folder of *.sql files (like the corpus), with things that are not migrations.
  flat = path.join(temp, 'flat')
  mkdirSync(path.join(flat, 'notes'), { recursive: true })
  for (const [name, sql] of MIGRATIONS) writeFileSync(path.join(flat, `${name}.sql`), sql)
  writeFileSync(path.join(flat, 'README.md'), 'not SQL\n')
  writeFileSync(path.join(flat, 'notes', 'draft.sql'), 'this is not looked at;\n')
  // Layout 2: a Prisma migrations folder.
  prisma = path.join(temp, 'migrations')
  for (const [name, sql] of MIGRATIONS) {
    mkdirSync(path.join(prisma, name), { recursive: true })
    writeFileSync(path.join(prisma, name, 'migration.sql'), sql)
  }
  writeFileSync(path.join(prisma, 'migration_lock.toml'), 'provider = "postgresql"\n')
})

afterAll(() => {
  if (temp) rmSync(temp, { recursive: true, force: true })
})

describe('conformance on a folder the test writes', () => {
  test.each([
    ['*.sql files', () => flat, (name: string) => `${name}.sql`],
    ['Prisma migration folders', () => prisma, (name: string) => path.join(name, 'migration.sql')],
  ])('%s: exact counts, and the invalid statement at its file:line', async (_layout, folderOf, fileOf) => {
    const folder = folderOf()
    const result = await run(conformanceScript, [folder, '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const report = parseJson<ConformanceReport>(result)
    expect(report.folder).toBe(folder)
    expect(report.files).toBe(3)
    expect(report.statements).toBe(2 + 3 + 3)
    expect(report.ddlx).toBe(2)
    expect(report.crashes).toEqual([])
    expect(report.anomalies).toEqual([])
    expect(report.findings).toEqual({ 'migration/invalid-statement': 1 })
    expect(report.invalid).toHaveLength(1)
    const [invalid] = report.invalid
    expect(invalid.file).toBe(path.join(folder, fileOf('20240102000000_typo')))
    expect(invalid.statementLine).toBe(4)
    expect(invalid.line).toBe(5)
    expect(invalid.message).toMatch(/syntax error at or near ","/)
    expect(invalid.excerpt).toBe('ALTER TABLE "Item" ADD COLUMN "note" TEXT NOT NULL DEFAULT, ADD COLUMN "size" INTEGER')
    expect(report.timeMs.total).toBeGreaterThan(0)
  })

  test('the human report shows the counts and file:line', async () => {
    const result = await run(conformanceScript, [flat])
    expect(result.code).toBe(0)
    expect(result.stdout).toMatch(/^\s+files\s+3$/m)
    expect(result.stdout).toMatch(/^\s+statements\s+8$/m)
    expect(result.stdout).toMatch(/^\s+DDLX statements\s+2$/m)
    expect(result.stdout).toMatch(/^\s+not valid PostgreSQL\s+1$/m)
    expect(result.stdout).toMatch(/^\s+crashes\s+0$/m)
    expect(result.stdout).toMatch(/^\s+time\s+\d+ ms/m)
    expect(result.stdout).toContain(`20240102000000_typo.sql:5  syntax error at or near ","`)
  })

  // The arguments are functions: the folders exist only once beforeAll has run.
  test.each<[string, () => string[]]>([
    ['no folder', () => []],
    ['a folder that does not exist', () => [path.join(temp, 'absent')]],
    ['a file instead of a folder', () => [path.join(flat, 'README.md')]],
    ['an unknown option', () => ['--bogus', flat]],
    ['two folders', () => [flat, prisma]],
  ])('usage error (%s): exit 2 and nothing on stdout', async (_, argsOf) => {
    const args = argsOf()
    const result = await run(conformanceScript, args)
    expect(result.code, args.join(' ')).toBe(2)
    expect(result.stdout).toBe('')
    expect(result.stderr).toMatch(/usage: npm run conformance/)
  })

  test('a crash (analyzeMigration throws) is reported with its file, the others still analysed, exit 1', async () => {
    const { runConformance, exitCodeOf } = (await import(pathToFileURL(conformanceScript).href)) as ConformanceModule
    const { analyzeMigration } = (await import(pathToFileURL(path.join(repoRoot, 'dist', 'index.js')).href)) as {
      analyzeMigration: (source: { name: string; file: string; sql: string }) => unknown
    }
    const report = await runConformance(flat, {
      analyzeMigration: (source) => {
        if (source.name === '20240103000000_electric') throw new TypeError('boom')
        return analyzeMigration(source)
      },
    })
    expect(report.crashes).toEqual([
      expect.objectContaining({ file: path.join(flat, '20240103000000_electric.sql'), stage: 'analyze', message: 'TypeError: boom' }),
    ])
    expect(report.files).toBe(3)
    expect(report.statements).toBe(2 + 3)
    expect(report.invalid).toHaveLength(1)
    expect(exitCodeOf(report)).toBe(1)
  })

  test('results that contradict the file are reported as anomalies', async () => {
    const { runConformance } = (await import(pathToFileURL(conformanceScript).href)) as ConformanceModule
    const report = await runConformance(flat, {
      analyzeMigration: (source) => ({
        name: source.name,
        file: source.file,
        statements: [{ text: 'CREATE', start: 0, end: 6, line: 2, kind: 'sql', ast: {} }],
        events: [],
        findings: [],
      }),
    })
    expect(report.anomalies.length).toBeGreaterThan(0)
    expect(report.anomalies[0].problem).toMatch(/text differs|line 2/)
  })
})

describe('conformance-facts: the same answers from two builds', () => {
  test('a build against itself: identical facts, exit 0; the rules ran on the electrified history', async () => {
    const result = await run(factsScript, [flat, '--against', repoRoot, '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const report = parseJson<{ differences: string[]; counts: { this: { files: number; statements: number; events: number; ruleFindings: number } } }>(result)
    expect(report.differences).toEqual([])
    expect(report.counts.this).toMatchObject({ files: 3, statements: 8 })
    expect(report.counts.this.events).toBeGreaterThan(0)
  })

  test('a difference in any fact is found and named', async () => {
    type Library = typeof import('../dist/index.js')
    const { factsOf, differences } = (await import(pathToFileURL(factsScript).href)) as {
      factsOf: (library: Library, reduce: (ast: unknown) => unknown, sources: unknown[]) => { files: Record<string, unknown>; rules: Record<string, unknown> }
      differences: (a: unknown, b: unknown) => string[]
    }
    const library = (await import(pathToFileURL(path.join(repoRoot, 'dist', 'index.js')).href)) as Library
    const { tableTree } = (await import(pathToFileURL(path.join(repoRoot, 'dist', 'sql', 'table-tree.js')).href)) as { tableTree: (ast: unknown) => unknown }
    await library.loadSqlParser()
    const sources = MIGRATIONS.map(([name, sql]) => ({ name, file: path.join(flat, `${name}.sql`), relative: `${name}.sql`, sql, bytes: sql.length }))
    const facts = factsOf(library, tableTree, sources)
    expect(differences(facts, factsOf(library, tableTree, sources))).toEqual([])
    // A build that reads ENABLE ELECTRIC as DISABLE: its statements and events differ.
    const lossy = {
      ...library,
      analyzeMigration: (source: { name: string; file: string; sql: string }) => library.analyzeMigration({ ...source, sql: source.sql.replaceAll('ENABLE ELECTRIC', 'DISABLE ELECTRIC') }),
    } as Library
    const found = differences(facts, factsOf(lossy, tableTree, sources))
    expect(found.some((d) => d.startsWith('files 20240103000000_electric.sql: statements differ'))).toBe(true)
    expect(found.some((d) => d.startsWith('files 20240103000000_electric.sql: events differ'))).toBe(true)
  })
})

describe('bench', () => {
  test('measures a folder, verifies the injection in memory, and writes nothing', async () => {
    const snapshot = () =>
      readdirSync(flat, { recursive: true, encoding: 'utf8' })
        .sort()
        .map((entry) => {
          const file = path.join(flat, entry)
          const stats = statSync(file)
          return [entry, stats.isFile() ? readFileSync(file, 'utf8') : 'dir', stats.mtimeMs]
        })
    const before = snapshot()
    const result = await run(benchScript, [flat, '--rounds', '2', '--json'])
    expect(result.stderr).toBe('')
    expect(result.code).toBe(0)
    const report = parseJson<{
      files: number
      statements: number
      timeMs: { warm: { rounds: number[] } }
      inject: { file: string; tables: string[]; verified: boolean }
    }>(result)
    expect(report.files).toBe(3)
    expect(report.statements).toBe(8)
    expect(report.timeMs.warm.rounds).toHaveLength(2)
    expect(report.inject.file).toBe(path.join(flat, '20240101000000_init.sql'))
    expect(report.inject.tables).toEqual(['public.Item'])
    expect(report.inject.verified).toBe(true)
    expect(snapshot()).toEqual(before)
  })
})

const corpusTitle = hasCorpus
  ? `real-world corpus (${path.relative(repoRoot, corpus)}): no crash, every file analysed, every invalid statement at a real file:line`
  : `real-world corpus: SKIPPED because ${corpus} does not exist`

describe('conformance on the real-world corpus', () => {
  test.skipIf(!hasCorpus)(corpusTitle, { timeout: 180_000 }, async () => {
    const expectedFiles = readdirSync(corpus).filter((name) => name.endsWith('.sql')).length
    const result = await run(conformanceScript, [corpus, '--json'])
    const report = parseJson<ConformanceReport>(result)
    expect(report.crashes, report.crashes.map((c) => `${c.file}: ${c.message}`).join('\n')).toEqual([])
    expect(result.code).toBe(0)
    expect(report.files).toBe(expectedFiles)
    expect(report.statements).toBeGreaterThan(expectedFiles)
    expect(report.anomalies).toEqual([])
    for (const invalid of report.invalid) {
      expect(path.dirname(invalid.file)).toBe(corpus)
      expect(existsSync(invalid.file), invalid.file).toBe(true)
      const lines = readFileSync(invalid.file, 'utf8').split('\n').length
      expect(invalid.line, `${invalid.file}:${invalid.line}`).toBeGreaterThanOrEqual(1)
      expect(invalid.line, `${invalid.file}:${invalid.line}`).toBeLessThanOrEqual(lines)
      expect(invalid.statementLine).toBeLessThanOrEqual(invalid.line)
      expect(invalid.message).not.toBe('')
    }
  })
})
