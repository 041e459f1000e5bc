/**
 * The steps of a one-shot run as people see them: Prisma's output condensed on success, whole on
 * failure, as it comes with --verbose or when Prisma asks a question; a spinner on a terminal only;
 * warnings before Prisma runs. Real reporter over real streams, fed the events migrate emits, with
 * Prisma's output as Prisma 6 prints it.
 */
import readline from 'node:readline'
import { PassThrough } from 'node:stream'
import { afterEach, describe, expect, test, vi } from 'vitest'
import type { Finding } from '../../src/findings.js'
import type { RunEvent } from '../../src/report/events.js'
import { Reporter } from '../../src/report/reporter.js'

const CWD = '/app'
const FILE = '/app/prisma/migrations/20240101000000_init/migration.sql'

/** `prisma migrate dev --create-only` of Prisma 6.19 through a pipe, cursor codes and all. */
const CREATE_STDOUT =
  'Prisma schema loaded from prisma/schema.prisma\nDatasource "db": PostgreSQL database "app", schema "public" at "localhost:65432"\n\n\n' +
  'Prisma Migrate created the following migration without applying it 20240101000000_init\n\nYou can now edit it and apply it by running prisma migrate dev.\n'
const CREATE_STDERR = 'Loaded Prisma config from prisma.config.ts.\n\nPrisma config detected, skipping environment variable loading.\n'
/** `prisma migrate dev` applying it. */
const APPLY_STDOUT =
  'Prisma schema loaded from prisma/schema.prisma\n\n1 migration found in prisma/migrations\n\n\nThe following migration(s) have been applied:\n\nmigrations/\n' +
  '  └─ 20240101000000_init/\n    └─ migration.sql\n      \nAll migrations have been successfully applied.\nAlready in sync, no schema change or pending migration was found.\n\n' +
  'Running generate... (Use --skip-generate to skip the generators)\n\u001b[2K\u001b[1A\u001b[2K\u001b[G\n'

interface Stream extends PassThrough {
  isTTY?: boolean
  text: string
}

/** A stream that collects what is written; with `isTTY`, it draws as a terminal does (tty.WriteStream's cursor methods). */
function stream(isTTY = false): Stream {
  const s = new PassThrough() as Stream
  s.text = ''
  s.on('data', (c) => (s.text += c))
  if (isTTY) {
    Object.assign(s, {
      isTTY: true,
      columns: 120,
      cursorTo: (x: number, y?: number) => readline.cursorTo(s, x, y),
      moveCursor: (dx: number, dy: number) => readline.moveCursor(s, dx, dy),
      clearLine: (dir: -1 | 0 | 1) => readline.clearLine(s, dir),
    })
  }
  return s
}

function reporter(options: { json?: boolean; verbose?: boolean; tty?: boolean; stdinTTY?: boolean } = {}) {
  const stdout = stream(options.tty)
  const stderr = stream(options.tty)
  const stdin = Object.assign(new PassThrough(), { isTTY: options.stdinTTY })
  const r = new Reporter({ cwd: CWD, env: { TERM: 'xterm' }, stdin, stdout, stderr, json: Boolean(options.json), color: false, verbose: options.verbose })
  return { r, stdout, stderr }
}

const start = (step: 'create' | 'apply'): RunEvent =>
  step === 'create'
    ? { type: 'prisma-start', step, args: ['migrate', 'dev', '--create-only', '--name', 'init'] }
    : { type: 'prisma-start', step, args: ['migrate', 'dev'], migration: '20240101000000_init' }
const output = (step: 'create' | 'apply', stream: 'stdout' | 'stderr', text: string): RunEvent => ({ type: 'prisma-output', step, stream, text })
const end = (step: 'create' | 'apply', exitCode = 0, durationMs = 1200): RunEvent => ({ type: 'prisma-end', step, exitCode, aborted: false, durationMs })

const SUCCESS: RunEvent[] = [
  { type: 'connection', url: 'postgresql://postgres:****@localhost:65432/app', source: '--proxy-url', label: '--proxy-url', routes: [] },
  start('create'),
  output('create', 'stderr', CREATE_STDERR),
  output('create', 'stdout', CREATE_STDOUT),
  end('create'),
  { type: 'electrified', migration: '20240101000000_init', file: FILE, tables: [{ schema: 'public', name: 'Item' }], written: false },
  start('apply'),
  output('apply', 'stdout', APPLY_STDOUT),
  end('apply', 0, 2400),
]

describe('a successful run', () => {
  test('a few lines: electrify’s marked, Prisma’s condensed to what it did, no control codes', () => {
    const { r, stdout, stderr } = reporter()
    for (const event of SUCCESS) r.event(event)
    expect(stdout.text).toBe('')
    expect(stderr.text).toBe(
      'electrify: proxy postgresql://postgres:****@localhost:65432/app (from --proxy-url)\n' +
        'electrify: ✓ created the migration: prisma migrate dev --create-only --name init (1.2 s)\n' +
        '  prisma │ Prisma Migrate created the following migration without applying it 20240101000000_init\n' +
        'electrify: appended ENABLE ELECTRIC for "Item" to prisma/migrations/20240101000000_init/migration.sql\n' +
        'electrify: ✓ applied 20240101000000_init through the proxy: prisma migrate dev (2.4 s)\n' +
        '  prisma │ The following migration(s) have been applied: 20240101000000_init\n' +
        '  prisma │ Already in sync, no schema change or pending migration was found.\n',
    )
  })

  test('--verbose: all of Prisma’s output as it comes, its stdout on stdout, without cursor codes when not a terminal', () => {
    const { r, stdout, stderr } = reporter({ verbose: true })
    for (const event of SUCCESS) r.event(event)
    expect(stdout.text).toBe(CREATE_STDOUT + APPLY_STDOUT.replace('\u001b[2K\u001b[1A\u001b[2K\u001b[G', ''))
    expect(stderr.text).toContain('electrify: creating the migration: prisma migrate dev --create-only --name init\n' + CREATE_STDERR)
    expect(stderr.text).toContain('electrify: ✓ applied 20240101000000_init through the proxy: prisma migrate dev (2.4 s)\n')
    expect(stderr.text).not.toContain('prisma │')
  })

  test('warnings found before Prisma runs are shown then, and not again with the result', () => {
    const { r, stdout, stderr } = reporter()
    const warning: Finding = { severity: 'warning', code: 'annotation/two-slash-comment', message: 'two slashes', file: '/app/prisma/schema.prisma', line: 3 }
    r.event({ type: 'findings', findings: [warning] })
    for (const event of SUCCESS) r.event(event)
    r.done({ command: 'migrate', outcome: { status: 'applied', migration: '20240101000000_init', file: FILE, tables: [], proxy: { url: 'u', source: '--proxy-url', label: '--proxy-url', routes: [] }, durationMs: 3000, findings: [warning] } })
    expect(stderr.text.startsWith('prisma/schema.prisma:3: warning[annotation/two-slash-comment] two slashes\nelectrify: proxy')).toBe(true)
    expect(stderr.text.match(/two slashes/g)).toHaveLength(1)
    expect(stdout.text).toMatch(/^✓ prisma\/migrations\/20240101000000_init\/migration.sql: no table to electrify; applied through the proxy \(3.0 s\)\n$/)
  })
})

test('a failed step: ✗ with its exit code, then all of Prisma’s output (both streams, cleaned)', () => {
  const { r, stdout, stderr } = reporter()
  r.event(start('apply'))
  r.event(output('apply', 'stdout', 'Prisma schema loaded from prisma/schema.prisma\n\u001b[2K'))
  r.event(output('apply', 'stderr', 'Error: P3018\nA migration failed to apply.\n'))
  r.event(end('apply', 1))
  expect(stdout.text).toBe('')
  expect(stderr.text).toBe(
    "electrify: ✗ prisma migrate dev failed with exit code 1 (1.2 s); Prisma's output:\n" +
      'Prisma schema loaded from prisma/schema.prisma\nError: P3018\nA migration failed to apply.\n',
  )
})

describe('on a terminal', () => {
  afterEach(() => vi.unstubAllEnvs())

  test('a spinner says which step runs, and is replaced by the step’s line', () => {
    vi.stubEnv('CI', undefined) // the spinner library reads the process's own environment, as the CLI's is
    const { r, stderr } = reporter({ tty: true })
    r.event(start('create'))
    expect(stderr.text).toContain('creating the migration: prisma migrate dev --create-only --name init')
    expect(stderr.text).toContain('\u001b[?25l') // the cursor is hidden while it spins
    r.event(output('create', 'stdout', CREATE_STDOUT))
    r.event(end('create'))
    expect(stderr.text).toContain('\u001b[?25h')
    expect(stderr.text.endsWith('electrify: ✓ created the migration: prisma migrate dev --create-only --name init (1.2 s)\n  prisma │ Prisma Migrate created the following migration without applying it 20240101000000_init\n')).toBe(true)
  })

  test('no spinner with --json, nor when stderr is not a terminal, nor in CI', () => {
    for (const options of [{ tty: true, json: true }, { tty: false }]) {
      const { r, stderr } = reporter(options)
      r.event(start('create'))
      expect(stderr.text).toBe('')
    }
    const stderr = stream(true)
    const inCi = new Reporter({ cwd: CWD, env: { TERM: 'xterm', CI: 'true' }, stdout: stream(true), stderr, json: false, color: false })
    inCi.event(start('create'))
    expect(stderr.text).toBe('')
  })

  test('Prisma asks a question: what it printed so far and the rest of the step go through as they come, to be answered', () => {
    vi.stubEnv('CI', undefined)
    const { r, stdout, stderr } = reporter({ tty: true, stdinTTY: true })
    r.event(start('create'))
    r.event(output('create', 'stdout', '\n⚠️  Warnings for the current datasource:\n\n  • You are about to drop the column `name` on the `User` table, which still contains 1 non-null values.\n\n'))
    expect(stdout.text).toBe('') // held back while the spinner runs
    const question = '\u001b[?25l\u001b[1m?\u001b[22m Are you sure you want to create this migration? › (y/N)'
    r.event(output('create', 'stdout', question))
    expect(stdout.text).toContain('You are about to drop the column `name`')
    expect(stdout.text.endsWith(question)).toBe(true) // untouched: the terminal draws the prompt
    r.event(output('create', 'stdout', '\nPrisma Migrate created the following migration without applying it 20240101000000_drop\n'))
    expect(stdout.text).toContain('created the following migration without applying it 20240101000000_drop')
    r.event(end('create'))
    expect(stderr.text.endsWith('electrify: ✓ created the migration: prisma migrate dev --create-only --name init (1.2 s)\n')).toBe(true)
  })
})
