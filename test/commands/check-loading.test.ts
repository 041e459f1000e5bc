/**
 * What `electrify check` loads, watched from inside a real process of the built CLI: its own code from the
 * bundle; never the process runner (migrate), chokidar (watch), pg or @prisma/internals (330 ms on its own),
 * which the bundle leaves outside and imports on first use; and no SQL parser at all when
 * every migration is in the cache.
 */
import { readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { expect, test } from 'vitest'
import { run } from '../harness/prisma-project.js'
import { createTable, DATASOURCE, enable, migration, tempProject } from './temp-project.js'

const BIN = fileURLToPath(new URL('../../bin/electrify.js', import.meta.url))

/** Runs the CLI with every module it loads (ESM through a resolve hook, CommonJS through Module._load) logged to a file. */
async function modulesLoaded(dir: string, args: string[]): Promise<{ code: number; modules: string }> {
  const log = path.join(dir, `loaded-${Math.random().toString(36).slice(2)}.txt`)
  const hooks = path.join(dir, 'hooks.mjs')
  const register = path.join(dir, 'register.mjs')
  const cjs = path.join(dir, 'log-require.cjs')
  await writeFile(hooks, `import { appendFileSync } from 'node:fs'\nexport async function resolve(specifier, context, next) {\n  const resolved = await next(specifier, context)\n  appendFileSync(process.env.LOAD_LOG, resolved.url + '\\n')\n  return resolved\n}\n`)
  await writeFile(register, `import { register } from 'node:module'\nregister(${JSON.stringify(pathToFileURL(hooks).href)})\n`)
  await writeFile(
    cjs,
    `const Module = require('node:module')\nconst { appendFileSync } = require('node:fs')\nconst load = Module._load\nModule._load = function (request, parent, isMain) {\n  try { appendFileSync(process.env.LOAD_LOG, Module._resolveFilename(request, parent, isMain) + '\\n') } catch {}\n  return load.apply(this, arguments)\n}\n`,
  )
  await writeFile(log, '')
  const result = await run(process.execPath, ['--require', cjs, '--import', pathToFileURL(register).href, BIN, ...args], dir, { ...process.env, LOAD_LOG: log, NO_COLOR: '1' })
  return { code: result.code, modules: await readFile(log, 'utf8') }
}

test('check loads neither the process runner (tinyexec), chokidar nor @prisma/internals; with every migration cached, no SQL parser either', async () => {
  const schema = `${DATASOURCE}\n/// @electric\nmodel Item {\n  id String @id\n}\n`
  const dir = await tempProject({ 'prisma/schema.prisma': schema, [migration('20240101000000_init')]: createTable('Item') + enable('Item'), 'node_modules/.keep': '' })

  const cold = await modulesLoaded(dir, ['check', '--cwd', dir])
  expect(cold.code).toBe(0)
  expect(cold.modules).toMatch(/prisma-schema-wasm\/src\//)
  // (the control: the bundle imports libpg-query on first use, as it would tinyexec, chokidar and pg, and the logging sees it)
  expect(cold.modules).toMatch(/libpg-query\/wasm\//)
  // electrify's own modules come from the bundle (scripts/bundle-cli.js), not one by one from dist/
  expect(cold.modules).toMatch(/\/dist\/bundle\/main\.js$/m)
  expect(cold.modules).not.toMatch(/\/dist\/(?!bundle\/)[^\n]*\.js$/m)
  for (const heavy of [/node_modules\/tinyexec\//, /node_modules\/chokidar\//, /node_modules\/pg\//, /@prisma\/internals/]) expect(cold.modules).not.toMatch(heavy)

  const warm = await modulesLoaded(dir, ['check', '--cwd', dir])
  expect(warm.code).toBe(0)
  // (their package.json is read for the cache's stamp: the parsers' versions)
  expect(warm.modules).not.toMatch(/libpg-query\/(?!package\.json)/)
  expect(warm.modules).not.toMatch(/prisma-schema-wasm\/(?!package\.json)/)
})
