/**
 * Prisma's own exit code 130 through the built CLI, on real parts (the fixture app's Prisma, the proxy
 * stand-in, PostgreSQL): `migrate dev` exits 130 when it wants to reset the database, which must not
 * read as Ctrl-C.
 */
import { appendFile } from 'node:fs/promises'
import { expect, test } from 'vitest'
import { testProxies } from '../harness/in-test.js'
import { appThroughProxy, electrify, migrationFile } from '../e2e/electrify-cli.js'

const proxy = testProxies() // a stand-in per test, in front of the test's own database (Electric serves one)

test('an applied migration edited afterwards: Prisma wants a reset and exits 130; electrify exits 1 and says why, in --json too', async () => {
  const { app, proxyUrl } = await appThroughProxy(proxy, 'basic')
  const init = await electrify(app.dir, ['--name', 'init', '--proxy-url', proxyUrl])
  expect(init.code, init.stderr).toBe(0)
  const [applied] = await app.migrations()
  await appendFile(migrationFile(app.migrationsDir, applied!), '\n-- edited after it was applied\n')

  const human = await electrify(app.dir, ['--name', 'next', '--proxy-url', proxyUrl])
  expect(human.code).toBe(1)
  expect(human.stderr).toMatch(/error\[migrate\/prisma-reset-needed\] prisma migrate dev --create-only stopped: Prisma wants to reset the database/)
  expect(human.stderr).toContain(`The migration \`${applied}\` was modified after it was applied.`)
  expect(human.stderr).not.toMatch(/interrupted/)

  const json = await electrify(app.dir, ['--name', 'next', '--proxy-url', proxyUrl, '--json'])
  expect(json.code).toBe(1)
  const document = JSON.parse(json.stdout)
  expect(document).toMatchObject({ ok: false, error: { code: 'migrate/prisma-reset-needed' } })
  expect(document.error.message).toContain('was modified after it was applied')
  expect(await app.migrations()).toEqual([applied])
})
