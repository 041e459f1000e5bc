/**
 * The built bin (bin/electrify.js) as a child process of this Node, as a user runs it: the options
 * Node.js itself takes, usage errors in --json, and Ctrl-C at the name prompt in a real terminal.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync } from 'node:fs'
import { writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, test } from 'vitest'
import { run } from '../harness/prisma-project.js'
import { DATASOURCE, tempProject } from '../commands/temp-project.js'

const BIN = fileURLToPath(new URL('../../bin/electrify.js', import.meta.url))
const SCHEMA = `${DATASOURCE}\n/// @electric\nmodel Item {\n  id String @id\n}\n`

const electrify = (cwd: string, args: string[]) => run(process.execPath, [BIN, ...args], cwd, { ...process.env, NO_COLOR: '1' })

describe('the env file option is one Node.js does not take', () => {
  test('-e and --env reach electrify (a missing file is its own usage error, exit 2)', async () => {
    const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA, 'package.json': '{}' })
    for (const flag of ['-e', '--env']) {
      const result = await electrify(dir, ['--name', 'init', flag, 'typo.env', '--json'])
      expect(result.code, result.stderr).toBe(2)
      expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: 'proxy/env-file-unreadable', file: path.join(dir, 'typo.env') } })
    }
  })

  test('a file given with -e names the proxy', async () => {
    const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA, 'package.json': '{}', 'proxy.env': 'DATABASE_URL=postgresql://postgres:s3cret@127.0.0.1:9/app\n' })
    const result = await electrify(dir, ['--name', 'init', '-e', 'proxy.env', '--prisma', 'no-such-prisma'])
    expect(result.code).toBe(1)
    expect(result.stderr).toContain('electrify: proxy postgresql://postgres:****@127.0.0.1:9/app (from proxy.env)')
  })

  test.runIf(process.versions.node.startsWith('20.'))('why: Node.js 20 takes --env-file anywhere on the command line and stops before electrify runs', async () => {
    const dir = await tempProject({ 'package.json': '{}' })
    const result = await electrify(dir, ['--env-file', 'typo.env'])
    expect(result.code).toBe(9)
    expect(result.stderr).toContain('typo.env: not found')
  })

  test('where --env-file does reach electrify (an existing file), it is refused, naming -e', async () => {
    const dir = await tempProject({ 'package.json': '{}', '.env.proxy': 'X=1\n' })
    const result = await electrify(dir, ['--env-file', '.env.proxy', '--json'])
    expect(result.code).toBe(2)
    expect(JSON.parse(result.stdout).error).toMatchObject({ code: 'usage/unknown-option', hint: expect.stringContaining('-e, --env <file>') })
  })
})

test('usage errors with --json: exactly one document on stdout, exit 2', async () => {
  const dir = await tempProject({ 'package.json': '{}' })
  for (const args of [['check', '--stagged'], ['chek'], ['--name', '']]) {
    const result = await electrify(dir, [...args, '--json'])
    expect(result.code, args.join(' ')).toBe(2)
    expect(JSON.parse(result.stdout)).toMatchObject({ ok: false, error: { code: expect.stringMatching(/^usage\//) } })
  }
})

const hasScript = spawnSync('script', ['--version']).status === 0

test.runIf(hasScript)('Ctrl-C at the name prompt in a terminal: exit 130, quietly', async () => {
  const dir = await tempProject({ 'prisma/schema.prisma': SCHEMA, 'package.json': '{}' })
  const mark = path.join(dir, 'prisma-ran')
  await writeFile(path.join(dir, 'mark.js'), `require('fs').writeFileSync(${JSON.stringify(mark)}, '')\n`)
  // util-linux `script` gives the CLI a pseudo-terminal: stdin and stdout are TTYs, Ctrl-C is the byte 0x03.
  const command = [process.execPath, BIN, '--prisma', `'${process.execPath} mark.js'`].join(' ')
  const child = spawn('script', ['-qefc', command, '/dev/null'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' }, stdio: ['pipe', 'pipe', 'pipe'] })
  let output = ''
  const prompted = new Promise<void>((resolve) => {
    const collect = (chunk: Buffer) => {
      output += chunk
      if (output.includes('Enter a name for the new migration')) resolve()
    }
    child.stdout.on('data', collect)
    child.stderr.on('data', collect)
  })
  const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
  await prompted
  child.stdin.write('\x03')
  expect(await exited).toBe(130)
  const after = output.slice(output.indexOf('›') + 1).replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
  expect(after.trim()).toBe('')
  expect(output).not.toMatch(/internal error|AbortError/)
  expect(existsSync(mark)).toBe(false)
})
