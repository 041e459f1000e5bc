/**
 * Usage errors through the CLI entry point: exit 2 before anything runs, said through the reporter
 * (one JSON document with --json), a mistyped command called one, `--help` showing what `electrify`
 * alone takes, and Ctrl-C at the name prompt.
 */
import { existsSync } from 'node:fs'
import path from 'node:path'
import { PassThrough } from 'node:stream'
import { stripVTControlCharacters } from 'node:util'
import { describe, expect, test } from 'vitest'
import { main } from '../../src/cli/main.js'
import { cli } from '../commands/run-cli.js'
import { DATASOURCE, tempProject } from '../commands/temp-project.js'

const SCHEMA = `${DATASOURCE}\n/// @electric\nmodel Item {\n  id String @id\n}\n`

/** `--prisma` that leaves a mark when it runs at all. */
async function markingProject() {
  const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA, 'package.json': '{}' })
  const mark = path.join(dir, 'prisma-ran')
  return { dir, mark, prisma: `${process.execPath} -e "require('fs').writeFileSync('${mark}', '')"` }
}

describe('with --json, a usage error is one document on stdout carrying the cause', () => {
  test('an unknown option, with the suggestion as the fix', async () => {
    const run = await cli(['check', '--stagged', '--json'])
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout)).toEqual({
      ok: false,
      error: { code: 'usage/unknown-option', message: "unknown option '--stagged'", hint: 'Did you mean --staged? Run `electrify check --help` for the commands and options.' },
    })
    expect(run.stderr).toContain("error[usage/unknown-option] unknown option '--stagged'")
  })

  test('a missing value', async () => {
    const run = await cli(['migrate', '--json', '--name'])
    expect(run.code).toBe(2)
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'usage/missing-value', message: "option '-n, --name <name>' argument missing" } })
  })
})

test('a command that needs a subcommand names them', async () => {
  const run = await cli(['hook'])
  expect(run.code).toBe(2)
  expect(run.stderr).toContain('error[usage/missing-command] electrify hook needs a command: install\n  fix: For example electrify hook install')
})

test('a mistyped command says "unknown command", with the nearest one, and runs nothing', async () => {
  const run = await cli(['chek'])
  expect(run.code).toBe(2)
  expect(run.stdout).toBe('')
  expect(run.stderr).toBe("error[usage/unknown-command] unknown command 'chek'\n  fix: Did you mean check? Run `electrify --help` for the commands and options.\n")
  expect(JSON.parse((await cli(['inejct', '--json'])).stdout)).toMatchObject({ error: { code: 'usage/unknown-command', hint: expect.stringMatching(/^Did you mean inject\?/) } })
})

test('an empty --name ("$UNSET" in CI) is a usage error before anything runs, for migrate and watch', async () => {
  const { dir, mark, prisma } = await markingProject()
  for (const args of [['--name', ''], ['migrate', '--name', '  '], ['watch', '--once', '--name', ''], ['--name', 'x', '--proxy-url', ''], ['--name', 'x', '-e', '']]) {
    const run = await cli([...args, '--cwd', dir, '--prisma', prisma, '--json'])
    expect(run.code, args.join(' ')).toBe(2)
    expect(JSON.parse(run.stdout)).toMatchObject({ ok: false, error: { code: 'usage/invalid-value', message: expect.stringMatching(/argument '\s*' is invalid\. The value is empty/) } })
    expect(run.stderr).not.toMatch(/electrify: proxy/) // nothing ran: not even the proxy URL was looked for
  }
  expect(existsSync(mark)).toBe(false)
})

test('inject "$UNSET" is refused too, rather than taken for "the newest migration"', async () => {
  const run = await cli(['inject', '', '--json'])
  expect(run.code).toBe(2)
  expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'usage/invalid-value' })
})

test('a command after the options is taken for an argument of the default command: the fix says to put it first', async () => {
  const run = await cli(['--cwd', '.', 'check', '--json'])
  expect(run.code).toBe(2)
  expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'usage/too-many-arguments', hint: 'The command comes first: electrify check [options].' })
})

test('--env-file, where Node lets it through, is refused with the option that replaced it', async () => {
  const run = await cli(['--env-file', '.env.proxy', '--json'])
  expect(run.code).toBe(2)
  expect(JSON.parse(run.stdout).error).toMatchObject({ code: 'usage/unknown-option', hint: expect.stringContaining('The option is -e, --env <file>') })
})

test('electrify --help lists the commands and the options of the default command', async () => {
  const run = await cli(['--help'])
  expect(run.code).toBe(0)
  expect(run.stdout).toMatch(/Commands:\n(.|\n)*check \[options\]/)
  expect(run.stdout).toContain('Without a command, electrify runs migrate')
  for (const option of ['-n, --name <name>', '--proxy-url <url>', '-e, --env <file>', '--create-only', '--no-preflight']) expect(run.stdout).toContain(option)
  expect(run.stdout).not.toContain('--env-file')
})

test('Ctrl-C at the name prompt: exit 130 and nothing printed, no internal error; with --json one document', async () => {
  const { dir, mark, prisma } = await markingProject()
  for (const json of [false, true]) {
    const stdin = Object.assign(new PassThrough(), { isTTY: true })
    const stdout = Object.assign(new PassThrough(), { isTTY: true, columns: 80 })
    const stderr = new PassThrough()
    let out = ''
    let err = ''
    stderr.on('data', (c) => (err += c))
    stdout.on('data', (c: Buffer) => {
      out += c
      if (c.toString().includes('Enter a name for the new migration')) stdin.write('\x03')
    })
    const code = await main(['node', 'electrify', '--cwd', dir, '--prisma', prisma, ...(json ? ['--json'] : [])], { stdin, stdout, stderr, env: { ...process.env, NO_COLOR: '1' } })
    expect(code).toBe(130)
    expect(err).toBe(json ? "error[migrate/interrupted] interrupted at the migration name prompt; nothing was run\n  fix: Run electrify again.\n" : '')
    const printed = stripVTControlCharacters(out.slice(out.indexOf('›') + 1))
    if (json) expect(JSON.parse(printed)).toMatchObject({ ok: false, error: { code: 'migrate/interrupted' } })
    else expect(printed.trim()).toBe('')
  }
  expect(existsSync(mark)).toBe(false)
})
