/**
 * A repeated `electrify check` answered from its last output (src/cli/check-replay.ts), through the
 * built CLI as git's hook runs it: in the project's folder. Each test changes one thing the answer
 * depends on and expects the check to run again and answer for the change.
 */
import { execFileSync } from 'node:child_process'
import { existsSync, readdirSync } from 'node:fs'
import { appendFile, mkdir, rm, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { CheckRecorder } from '../../src/cli/check-replay.js'
import { run } from '../harness/prisma-project.js'
import { createTable, enable, INIT, ITEM_SCHEMA, ITEM_TABLE, migration, tempProject } from '../commands/temp-project.js'

const BIN = fileURLToPath(new URL('../../bin/electrify.js', import.meta.url))
const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: undefined }

/** A package with node_modules, the Item model electrified in its first migration. */
async function project(files: Record<string, string> = {}): Promise<string> {
  return tempProject(
    {
      'package.json': '{ "name": "app", "private": true }\n',
      'node_modules/.keep': '',
      'prisma/schema.prisma': ITEM_SCHEMA,
      [migration(INIT)]: ITEM_TABLE + enable('Item'),
      ...files,
    },
    'electrify-replay-',
  )
}

interface Answer {
  code: number
  stdout: string
  stderr: string
  /** From the last output, not from a new analysis. */
  replayed: boolean
  document?: { ok: boolean; findings: { code: string; hint?: string }[]; migrations: number; durationMs: number; timingsMs: Record<string, number> }
}

async function check(dir: string, args: string[] = [], env: NodeJS.ProcessEnv = ENV): Promise<Answer> {
  const result = await run(process.execPath, [BIN, 'check', '--json', ...args], dir, env)
  const document = result.stdout ? (JSON.parse(result.stdout) as Answer['document']) : undefined
  // A replay reads the inputs and nothing else: all of its time is reading (`project` is finding the project).
  const replayed = document?.timingsMs !== undefined && document.timingsMs.project === 0 && document.timingsMs.read === document.durationMs
  return { ...result, replayed, ...(document ? { document } : {}) }
}

const SUMMARY = '✓ electrify check: 1 annotated model, 1 migration: every annotated table is electrified (12 ms)\n'

/** Runs `body` in `dir` (a recording's slot is found from the working directory) with a recorder factory writing into `writes`. */
async function inFolder(dir: string, body: (start: (args?: string[]) => Promise<CheckRecorder | undefined>, writes: string[]) => Promise<void>): Promise<void> {
  const cwd = process.cwd()
  process.chdir(dir)
  try {
    const writes: string[] = []
    const sink = { write: (text: string) => writes.push(text) > 0, isTTY: false }
    const io = { stdin: process.stdin, stdout: sink as never, stderr: sink as never, env: ENV }
    await body((args = []) => CheckRecorder.start(['node', 'electrify', 'check', ...args], io, { cwd: dir }), writes)
  } finally {
    process.chdir(cwd)
  }
}

const replays = (dir: string) => readdirSync(path.join(dir, 'node_modules/.cache/electrify')).filter((f) => f.startsWith('replay-'))
const without = (a: Answer) => ({ ...a.document, durationMs: 0, timingsMs: 0 })

describe('check answered from its last output', () => {
  test('the same check again gives the same output, exit code and findings, with its own time', async () => {
    const dir = await project({ 'prisma/schema.prisma': `${ITEM_SCHEMA}\n/// @electric\nmodel Note {\n  id String @id\n}\n`, [migration('20240102000000_note')]: createTable('Note') })
    const first = await check(dir)
    expect(first.code).toBe(1) // Note is not electrified
    expect(first.replayed).toBe(false)
    expect(replays(dir)).toHaveLength(1)
    const again = await check(dir)
    expect(again.replayed).toBe(true)
    expect(again.code).toBe(1)
    expect(again.stderr).toBe(first.stderr)
    expect(without(again)).toEqual(without(first))

    // The human summary carries this run's time.
    const human = await run(process.execPath, [BIN, 'check'], dir, ENV)
    const humanAgain = await run(process.execPath, [BIN, 'check'], dir, ENV)
    expect(humanAgain.stderr).toBe(human.stderr)
    const summary = (s: string) => s.replace(/\(\d+ ms\)/, '(… ms)')
    expect(summary(humanAgain.stdout)).toBe(summary(human.stdout))
    expect(humanAgain.stdout).toMatch(/1 error in 2 annotated models, 2 migrations \(\d+ ms\)\n$/)
  })

  test('a changed schema, migration, new migration folder or removed migration.sql is checked again', async () => {
    const dir = await project()
    expect((await check(dir)).code).toBe(0)
    expect((await check(dir)).replayed).toBe(true)

    await appendFile(path.join(dir, 'prisma/schema.prisma'), '\n/// @electric\nmodel Note {\n  id String @id\n}\n')
    const schemaChanged = await check(dir)
    expect(schemaChanged.replayed).toBe(false)
    expect(schemaChanged.document!.findings.map((f) => f.code)).toContain('check/table-not-created')
    expect((await check(dir)).replayed).toBe(true)

    await mkdir(path.join(dir, 'prisma/migrations/20240102000000_note'))
    await writeFile(path.join(dir, migration('20240102000000_note')), createTable('Note'))
    const added = await check(dir)
    expect(added.replayed).toBe(false)
    expect(added.document!.migrations).toBe(2)
    expect((await check(dir)).replayed).toBe(true)

    await appendFile(path.join(dir, migration('20240102000000_note')), enable('Note'))
    const edited = await check(dir)
    expect(edited.replayed).toBe(false)
    expect(edited.code).toBe(0)

    await rm(path.join(dir, migration('20240102000000_note')))
    const removed = await check(dir)
    expect(removed.replayed).toBe(false)
    expect(removed.document!.migrations).toBe(1)
  })

  test('a multi-file schema: a new .prisma file in its folder is checked again', async () => {
    const dir = await project({ 'prisma/schema.prisma': '', 'prisma/schema/main.prisma': ITEM_SCHEMA })
    await rm(path.join(dir, 'prisma/schema.prisma'))
    await mkdir(path.join(dir, 'prisma/schema/migrations/20240101000000_init'), { recursive: true })
    await writeFile(path.join(dir, 'prisma/schema/migrations/20240101000000_init/migration.sql'), ITEM_TABLE + enable('Item'))
    expect((await check(dir)).code).toBe(0)
    expect((await check(dir)).replayed).toBe(true)
    await mkdir(path.join(dir, 'prisma/schema/more'))
    await writeFile(path.join(dir, 'prisma/schema/more/note.prisma'), '/// @electric\nmodel Note {\n  id String @id\n}\n')
    const added = await check(dir)
    expect(added.replayed).toBe(false)
    expect(added.code).toBe(1)
    expect(added.document!.findings.map((f) => f.code)).toContain('check/table-not-created')
  })

  test('what finds the project and names the fix command: package.json, the Prisma config, a lockfile, git HEAD', async () => {
    const dir = await project({ 'prisma/schema.prisma': `${ITEM_SCHEMA}\n/// @electric\nmodel Note {\n  id String @id\n}\n`, [migration('20240102000000_note')]: createTable('Note') })
    const fix = (a: Answer) => a.document!.findings.find((f) => f.code === 'check/not-electrified')!.hint!
    expect(fix(await check(dir))).toMatch(/npx --no -- electrify inject/)
    expect((await check(dir)).replayed).toBe(true)

    // A lockfile says which package manager runs the fix.
    await writeFile(path.join(dir, 'pnpm-lock.yaml'), "lockfileVersion: '9.0'\n")
    const pnpm = await check(dir)
    expect(pnpm.replayed).toBe(false)
    expect(fix(pnpm)).toMatch(/pnpm exec electrify inject/)
    expect((await check(dir)).replayed).toBe(true)

    // package.json's prisma.schema moves the project to another schema.
    await mkdir(path.join(dir, 'db/migrations/20240101000000_init'), { recursive: true })
    await writeFile(path.join(dir, 'db/schema.prisma'), ITEM_SCHEMA)
    await writeFile(path.join(dir, 'db/migrations/20240101000000_init/migration.sql'), ITEM_TABLE + enable('Item'))
    await writeFile(path.join(dir, 'package.json'), '{ "name": "app", "private": true, "prisma": { "schema": "db/schema.prisma" } }\n')
    const moved = await check(dir)
    expect(moved.replayed).toBe(false)
    expect(moved.code).toBe(0)
    expect((await check(dir)).replayed).toBe(true)

    // A Prisma config comes before package.json.
    await writeFile(path.join(dir, 'prisma.config.ts'), "export default { schema: 'prisma/schema.prisma' }\n")
    const configured = await check(dir)
    expect(configured.replayed).toBe(false)
    expect(configured.code).toBe(1)
    expect((await check(dir)).replayed).toBe(true)

    // Committing Note's migration makes the fix a new migration rather than an append to it.
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env: { ...ENV, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } })
    git('init', '-q')
    const inRepository = await check(dir) // not yet committed: the same answer, but git was asked in a repository now
    expect(fix(inRepository)).toMatch(/inject.*20240102000000_note/)
    expect((await check(dir)).replayed).toBe(true)
    git('add', '-A')
    git('commit', '-qm', 'init')
    const committed = await check(dir)
    expect(committed.replayed).toBe(false)
    expect(fix(committed)).toMatch(/--new/)
    expect((await check(dir)).replayed).toBe(true)
  })

  test('other options, colours or terminal are other answers; --no-cache is never replayed', async () => {
    const dir = await project({ 'prisma/schema.prisma': `${ITEM_SCHEMA}\n/// @electric\nmodel Note {\n  id String @id\n  n Int @default(1)\n}\n`, [migration('20240102000000_note')]: createTable('Note', ['"n" INTEGER NOT NULL DEFAULT 1']) + enable('Note') })
    expect((await check(dir)).code).toBe(1)
    expect((await check(dir)).replayed).toBe(true)
    expect((await check(dir, ['--strict'])).replayed).toBe(false)
    expect((await check(dir, ['--strict'])).replayed).toBe(true)

    const colour = await run(process.execPath, [BIN, 'check'], dir, { ...ENV, NO_COLOR: undefined, FORCE_COLOR: '1' })
    expect(colour.stderr).toMatch(/\u001b\[/)
    const plain = await run(process.execPath, [BIN, 'check'], dir, ENV)
    expect(plain.stderr).not.toMatch(/\u001b\[/)
    expect((await run(process.execPath, [BIN, 'check'], dir, { ...ENV, NO_COLOR: undefined, FORCE_COLOR: '1' })).stderr).toBe(colour.stderr)

    const files = replays(dir).length
    expect((await check(dir, ['--no-cache'])).replayed).toBe(false)
    expect((await check(dir, ['--no-cache'])).replayed).toBe(false)
    expect(replays(dir)).toHaveLength(files)
  })

  test('--staged: what git stages is an input (the hook)', async () => {
    const dir = await project()
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir })
    /** The staged check answers afresh with `code`, then the same check is replayed. */
    const freshThenReplayed = async (code: number) => {
      const answer = await check(dir, ['--staged'])
      expect(answer.replayed).toBe(false)
      expect(answer.code).toBe(code)
      expect((await check(dir, ['--staged'])).replayed).toBe(true)
    }
    git('init', '-q')
    git('add', '-A')
    expect((await check(dir, ['--staged'])).code).toBe(0)
    expect((await check(dir, ['--staged'])).replayed).toBe(true)

    // A model annotated and its table created, staged without the ENABLE: the staged check fails.
    await appendFile(path.join(dir, 'prisma/schema.prisma'), '\n/// @electric\nmodel Note {\n  id String @id\n}\n')
    await mkdir(path.join(dir, 'prisma/migrations/20240102000000_note'))
    await writeFile(path.join(dir, migration('20240102000000_note')), createTable('Note'))
    git('add', '-A')
    await freshThenReplayed(1)

    // The fix staged: answered again, from the index.
    await appendFile(path.join(dir, migration('20240102000000_note')), enable('Note'))
    git('add', '-A')
    await freshThenReplayed(0)

    // Unstaged again (the working tree keeps the fix): the index is what counts.
    git('reset', '-q', '--', migration('20240102000000_note'))
    const unstaged = await check(dir, ['--staged'])
    expect(unstaged.replayed).toBe(false)
    expect(unstaged.code).toBe(1)
  })

  test('a check that could not answer (exit 2) is not kept; without node_modules nothing is kept', async () => {
    const dir = await project()
    await rm(path.join(dir, 'prisma/schema.prisma'))
    expect((await check(dir)).code).toBe(2)
    expect(existsSync(path.join(dir, 'node_modules/.cache/electrify')) ? replays(dir) : []).toEqual([])

    const bare = await project()
    await rm(path.join(bare, 'node_modules'), { recursive: true })
    expect((await check(bare)).code).toBe(0)
    expect((await check(bare)).replayed).toBe(false)
    expect(existsSync(path.join(bare, 'node_modules'))).toBe(false)
  })

  test('an input that changes while the check runs: its output is not kept', async () => {
    const dir = await project()
    await inFolder(dir, async (start, writes) => {
      const recorder = await start()
      expect(recorder).toBeDefined()
      recorder!.io.stdout.write(SUMMARY)
      await appendFile(path.join(dir, migration(INIT)), '-- changed meanwhile\n')
      await recorder!.finish(0, 12, false)
      expect(writes).toHaveLength(1) // written through
      expect(existsSync(path.join(dir, 'node_modules/.cache/electrify')) ? replays(dir) : []).toEqual([])

      // The control: the same with nothing changed is kept.
      const kept = await start()
      kept!.io.stdout.write(SUMMARY)
      await kept!.finish(0, 12, false)
      expect(replays(dir)).toHaveLength(1)
    })
  })

  test('a package keeps the outputs of its 16 latest command lines', async () => {
    const dir = await project()
    await inFolder(dir, async (start) => {
      for (let i = 0; i < 18; i++) {
        const recorder = await start(Array<string>(i).fill('--strict'))
        recorder!.io.stdout.write(SUMMARY)
        await recorder!.finish(0, 12, false)
      }
      expect(replays(dir)).toHaveLength(16)
    })
  })
})
