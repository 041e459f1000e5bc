/**
 * The one output door: events, results and failures of every command become lines for people or JSON,
 * each on its stream. Real reporter, real streams; the events are those the commands emit.
 */
import { PassThrough } from 'node:stream'
import { describe, expect, test } from 'vitest'
import type { MigrateOutcome } from '../../src/commands/migrate.js'
import { ElectrifyError } from '../../src/errors.js'
import type { RunEvent, WatchEvent } from '../../src/report/events.js'
import { Reporter } from '../../src/report/reporter.js'
import type { Route } from '../../src/routing/route-connections.js'
import { RulesError } from '../../src/rules/rules-error.js'

const CWD = '/app'
const FILE = '/app/prisma/migrations/20240101000000_init/migration.sql'

function reporter(options: { json?: boolean; verbose?: boolean } = {}) {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  const out = { stdout: '', stderr: '' }
  stdout.on('data', (c) => (out.stdout += c))
  stderr.on('data', (c) => (out.stderr += c))
  const r = new Reporter({ cwd: CWD, env: {}, stdout, stderr, json: Boolean(options.json), color: false, verbose: options.verbose })
  return { r, out }
}

const PROXY = 'postgresql://postgres:****@localhost:65432/app'
const ROUTES: Route[] = [
  { role: 'main', via: { kind: 'env', name: 'DB_URL' }, target: PROXY, replaces: 'postgresql://app:****@db:5432/app' },
  { role: 'shadow', via: { kind: 'throwaway' }, target: 'prisma_migrate_shadow_db_* through the proxy' },
]

const RUN: RunEvent[] = [
  { type: 'connection', url: PROXY, source: '.env.proxy', file: '/app/.env.proxy', label: '.env.proxy', routes: ROUTES },
  { type: 'prisma-start', step: 'create', args: ['migrate', 'dev', '--create-only', '--name', 'init'] },
  { type: 'prisma-output', step: 'create', stream: 'stdout', text: 'Prisma schema loaded\n' },
  { type: 'prisma-output', step: 'create', stream: 'stderr', text: 'a warning from Prisma\n' },
  { type: 'prisma-output', step: 'create', stream: 'stdout', text: 'Prisma Migrate created the following migration without applying it 20240101000000_init\n\u001b[2K\u001b[1A\u001b[2K\u001b[G\n' },
  { type: 'prisma-end', step: 'create', exitCode: 0, aborted: false, durationMs: 900 },
  { type: 'electrified', migration: '20240101000000_init', file: FILE, tables: [{ schema: 'public', name: 'Item' }], written: false },
  { type: 'prisma-start', step: 'apply', args: ['migrate', 'dev'], migration: '20240101000000_init' },
  { type: 'prisma-end', step: 'apply', exitCode: 0, aborted: false, durationMs: 800 },
]

const OUTCOME: MigrateOutcome = {
  status: 'applied',
  migration: '20240101000000_init',
  file: FILE,
  tables: [{ table: { schema: 'public', name: 'Item' }, model: 'Item', reason: 'created' }],
  proxy: { url: PROXY, source: '.env.proxy', file: '/app/.env.proxy', label: '.env.proxy', routes: ROUTES },
  durationMs: 2630,
  findings: [{ severity: 'warning', code: 'annotation/two-slash-comment', message: 'two slashes', file: '/app/prisma/schema.prisma', line: 3 }],
}

const stopped = () =>
  new RulesError("an annotated model breaks Electric's rules; nothing was run", {
    code: 'rules/preflight-failed',
    hint: 'Fix the errors listed above.',
    findings: [
      { severity: 'error', code: 'preflight/no-primary-key', message: 'model A has no primary key', file: '/app/prisma/schema.prisma', line: 7, hint: 'Add an @id.' },
      { severity: 'error', code: 'proxy/EX007', message: 'Electric refused it', hint: 'Move it.' },
    ],
  })

describe('a one-shot run', () => {
  test('for people: electrify’s steps on stderr, Prisma’s output condensed to what it did; the findings, then the summary on stdout', () => {
    const { r, out } = reporter()
    for (const event of RUN) r.event(event)
    r.done({ command: 'migrate', outcome: OUTCOME })
    expect(out.stderr).toBe(
      'electrify: proxy postgresql://postgres:****@localhost:65432/app (from .env.proxy)\n' +
        '  main (DB_URL) → postgresql://postgres:****@localhost:65432/app (was postgresql://app:****@db:5432/app)\n' +
        "  shadow (Prisma's own) → prisma_migrate_shadow_db_* through the proxy\n" +
        'electrify: ✓ created the migration: prisma migrate dev --create-only --name init (0.9 s)\n' +
        '  prisma │ Prisma Migrate created the following migration without applying it 20240101000000_init\n' +
        'electrify: appended ENABLE ELECTRIC for "Item" to prisma/migrations/20240101000000_init/migration.sql\n' +
        'electrify: ✓ applied 20240101000000_init through the proxy: prisma migrate dev (0.8 s)\n' +
        'prisma/schema.prisma:3: warning[annotation/two-slash-comment] two slashes\n',
    )
    expect(out.stdout).toBe('✓ prisma/migrations/20240101000000_init/migration.sql: electrified "Item"; applied through the proxy (2.6 s)\n')
  })

  test('--json: stdout holds the one document and nothing else; all the rest goes to stderr', () => {
    const { r, out } = reporter({ json: true })
    for (const event of RUN) r.event(event)
    r.done({ command: 'migrate', outcome: OUTCOME })
    expect(JSON.parse(out.stdout)).toEqual({ ok: true, ...OUTCOME })
    expect(out.stderr).toContain('prisma │ Prisma Migrate created the following migration')
    expect(out.stderr).toContain('warning[annotation/two-slash-comment]')
  })

  test('a failure stopped by the rules: the findings (not the explained proxy answer, which is the message) and the error; --json: one document carrying them', () => {
    const human = reporter()
    expect(human.r.failed(stopped())).toBe(1)
    expect(human.out.stdout).toBe('')
    expect(human.out.stderr).toBe(
      'prisma/schema.prisma:7: error[preflight/no-primary-key] model A has no primary key\n  fix: Add an @id.\n' +
        "error[rules/preflight-failed] an annotated model breaks Electric's rules; nothing was run\n  fix: Fix the errors listed above.\n",
    )

    const json = reporter({ json: true })
    json.r.failed(stopped())
    const document = JSON.parse(json.out.stdout)
    expect(document).toMatchObject({ ok: false, error: { code: 'rules/preflight-failed' } })
    expect(document.findings.map((f: { code: string }) => f.code)).toEqual(['preflight/no-primary-key', 'proxy/EX007'])
  })

  test('other failures: an ElectrifyError’s own exit code; anything else is an internal error with its stack, exit 1', () => {
    const { r, out } = reporter({ json: true })
    expect(r.failed(new ElectrifyError('--name is required', { code: 'usage/name-required', exitCode: 2 }))).toBe(2)
    expect(JSON.parse(out.stdout)).toEqual({ ok: false, error: { code: 'usage/name-required', message: '--name is required' } })
    const bug = reporter()
    expect(bug.r.failed(new TypeError('oops'))).toBe(1)
    expect(bug.out.stderr).toMatch(/^internal error: TypeError: oops\n {4}at /)
  })
})

describe('watch', () => {
  const start: WatchEvent = { type: 'run-start', run: 1, reason: 'schema', files: ['/app/prisma/schema.prisma'], name: 'add_item' }
  const progress = (event: RunEvent, run = 1): WatchEvent => ({ type: 'run-progress', run, event })

  test('for people: one status line per event; a run’s steps are kept and shown only when it fails; `unchanged` says nothing', () => {
    const { r, out } = reporter()
    r.event({ type: 'watching', schemaPath: '/app/prisma/schema.prisma', migrationsDir: '/app/prisma/migrations' })
    r.event(start)
    for (const event of RUN.slice(0, 4)) r.event(progress(event))
    r.event({ type: 'run-done', run: 1, outcome: OUTCOME, durationMs: 4630 })
    r.event({ type: 'unchanged' })
    expect(out.stderr).toBe('prisma/schema.prisma:3: warning[annotation/two-slash-comment] two slashes\n')
    const lines = out.stdout.split('\n').filter(Boolean)
    expect(lines.map((l) => l.replace(/^\d\d:\d\d:\d\d /, ''))).toEqual([
      'watching prisma/schema.prisma and prisma/migrations/ (Ctrl-C to stop)',
      '▸ prisma/schema.prisma changed: running electrify --name add_item …',
      '✓ 20240101000000_init: electrified "Item"; applied (4.6 s)',
    ])

    r.event({ ...start, run: 2 } as WatchEvent)
    for (const event of RUN.slice(0, 4)) r.event(progress(event, 2))
    r.event({ type: 'run-failed', run: 2, error: stopped(), durationMs: 1200 })
    r.event({ type: 'stopped', runs: 2 })
    expect(out.stderr).toContain(
      'electrify: proxy postgresql://postgres:****@localhost:65432/app (from .env.proxy)\n' +
        '  main (DB_URL) → postgresql://postgres:****@localhost:65432/app (was postgresql://app:****@db:5432/app)\n' +
        "  shadow (Prisma's own) → prisma_migrate_shadow_db_* through the proxy\n" +
        'Prisma schema loaded\na warning from Prisma\n' +
        'prisma/schema.prisma:7: error[preflight/no-primary-key] model A has no primary key\n  fix: Add an @id.\n  fix: Fix the errors listed above.\n',
    )
    expect(out.stdout.split('\n').filter(Boolean).slice(4).map((l) => l.replace(/^\d\d:\d\d:\d\d /, ''))).toEqual([
      "✗ error[rules/preflight-failed] an annotated model breaks Electric's rules; nothing was run (1.2 s)",
      'still watching: save a fix to run again',
      'stopped after 2 runs',
    ])
  })

  test('--verbose shows the steps as they come', () => {
    const { r, out } = reporter({ verbose: true })
    r.event(start)
    r.event(progress(RUN[2]!))
    expect(out.stderr).toBe('Prisma schema loaded\n')
  })

  test('--json: one line per event (not the steps); a failed run’s line holds its error, its findings and the output of its steps', () => {
    const { r, out } = reporter({ json: true })
    r.event(start)
    r.event(progress(RUN[2]!))
    r.event({ type: 'run-failed', run: 1, error: stopped(), durationMs: 12 })
    r.event({ type: 'unchanged' })
    r.event({ type: 'stopped', runs: 1 })
    const lines = out.stdout.split('\n').filter(Boolean).map((l) => JSON.parse(l))
    expect(lines.map((l) => l.event)).toEqual(['run-start', 'run-failed', 'unchanged', 'stopped'])
    expect(lines[0]).toEqual({ event: 'run-start', run: 1, reason: 'schema', files: ['/app/prisma/schema.prisma'], name: 'add_item' })
    expect(lines[1]).toMatchObject({ run: 1, ok: false, error: { code: 'rules/preflight-failed' }, output: 'Prisma schema loaded\n', durationMs: 12 })
    expect(lines[1].findings).toHaveLength(2)
    expect(out.stderr).toBe('')
  })
})
