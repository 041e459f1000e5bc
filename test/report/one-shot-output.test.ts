/**
 * What a one-shot run prints, end to end: the built CLI, the fixture app's own Prisma (offline, real
 * CLI), the proxy stand-in in front of a throwaway PostgreSQL; no terminal, as in CI or a script.
 */
import { appendFile } from 'node:fs/promises'
import path from 'node:path'
import { expect, test } from 'vitest'
import { appThroughProxy, electrify } from '../e2e/electrify-cli.js'
import { testProxies } from '../harness/in-test.js'

const proxy = testProxies() // a stand-in per test, in front of the test's own database (Electric serves one)

test('a successful run: a few lines, electrify’s marked, Prisma’s condensed, no control codes; --verbose shows all of Prisma’s', async () => {
  const { app, proxyUrl } = await appThroughProxy(proxy, 'basic')
  const run = await electrify(app.dir, ['--name', 'init', '--proxy-url', proxyUrl])
  expect(run.code, run.stderr).toBe(0)
  const lines = `${run.stderr}${run.stdout}`.trimEnd().split('\n')
  expect(lines.length, lines.join('\n')).toBeLessThanOrEqual(10)
  expect(run.stdout + run.stderr).not.toContain('\u001b')
  expect(lines[0]).toMatch(/^electrify: proxy postgresql:\/\/postgres:\*\*\*\*@127\.0\.0\.1:\d+\/\S+ \(from --proxy-url\)$/)
  expect(run.stderr).toMatch(/^electrify: ✓ created the migration: prisma migrate dev --create-only --name init \(\d+\.\d s\)\n {2}prisma │ Prisma Migrate created the following migration without applying it \d+_init$/m)
  expect(run.stderr).toMatch(/^electrify: ✓ applied \d+_init through the proxy: prisma migrate dev \(\d+\.\d s\)\n {2}prisma │ The following migration\(s\) have been applied: \d+_init$/m)
  expect(run.stderr).not.toContain('Prisma schema loaded from')
  expect(run.stdout).toMatch(/^✓ prisma\/migrations\/\d+_init\/migration\.sql: electrified "User", "Post"; applied through the proxy \(\d+\.\d s\)\n$/)

  await appendFile(path.join(app.dir, 'prisma/schema.prisma'), '\n/// @electric\nmodel Tag {\n  id   String @id @default(uuid())\n  name String\n}\n')
  const verbose = await electrify(app.dir, ['--name', 'add_tag', '--proxy-url', proxyUrl, '--verbose'])
  expect(verbose.code, verbose.stderr).toBe(0)
  expect(verbose.stdout).toContain('Prisma schema loaded from prisma/schema.prisma')
  expect(verbose.stderr).toMatch(/^electrify: creating the migration: prisma migrate dev --create-only --name add_tag$/m)
  expect(verbose.stdout + verbose.stderr).not.toContain('\u001b')
})
