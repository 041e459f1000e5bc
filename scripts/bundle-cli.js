#!/usr/bin/env node
// @ts-check
/**
 * The command line as bin/electrify.js runs it: `dist/bundle/main.js` (every command) and
 * `dist/bundle/check-replay.js` (what answers a repeated check), each one ES module built with esbuild
 * from tsc's output in dist/ (run after `tsc -p tsconfig.build.json`, as `npm run build` does).
 *
 * Why: Node 20 loads an ES module graph file by file (resolve, an asynchronous read, compile, link), and a
 * cold `check` loaded about 100 of them: 60-110 ms of a 0.45 s check on this machine
 * (docs/performance.md, "What makes it fast"). One file of 0.6 MB costs far less, because V8 only
 * pre-parses the functions a run never calls. The library (`dist/index.js`) stays tsc's output, file by
 * file.
 *
 * What stays outside the bundle, loaded from node_modules as before:
 * - the two parsers, libpg-query and @prisma/prisma-schema-wasm: their JavaScript finds the
 *   WebAssembly file beside itself;
 * - pg, tinyexec and chokidar: imported only by the commands that use them (a database, a Prisma child,
 *   watching), so that `check` never loads them (test/commands/check-loading.test.ts watches for that).
 * Everything else (commander, picocolors, dotenv, …) is inside, its module body run when first imported.
 */
import { build } from 'esbuild'
import { readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('..', import.meta.url))

// (afresh: a file of an earlier build left there would still be found)
rmSync(path.join(root, 'dist/bundle'), { recursive: true, force: true })
const { metafile } = await build({
  absWorkingDir: root,
  entryPoints: ['dist/cli/main.js', 'dist/cli/check-replay.js'],
  // Two folders below package.json, like dist/cli/main.js, so that the paths electrify finds from
  // import.meta.url (its package.json, the build stamp's dist/, its packages) are the same from both.
  outdir: 'dist/bundle',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20.19',
  external: ['libpg-query', '@prisma/prisma-schema-wasm', 'pg', 'tinyexec', 'chokidar'],
  // The CommonJS packages inside (commander, dotenv, proper-lockfile) call `require` for Node's own
  // modules, which an ES module does not have: esbuild's stand-in throws "Dynamic require … is not
  // supported" unless a real `require` is in scope.
  banner: { js: "import { createRequire as __electrifyRequire } from 'node:module'; const require = __electrifyRequire(import.meta.url);" },
  logLevel: 'warning',
  metafile: true,
})

// The npm packages copied into the bundle, with their licenses (MIT, ISC, BSD and Blue Oak ask that
// their notice go with every copy); they are installed beside electrify too, as its dependencies.
const packageDirs = new Set(
  Object.keys(metafile.inputs).flatMap((input) => {
    const match = /^(.*node_modules\/(?:@[^/]+\/)?[^/]+)\//.exec(input) // the innermost package
    return match ? [match[1]] : []
  }),
)
const notices = [...packageDirs].sort().map((dir) => {
  const { name, version, license } = JSON.parse(readFileSync(path.join(root, dir, 'package.json'), 'utf8'))
  const file = readdirSync(path.join(root, dir)).find((f) => /^licen[cs]e/i.test(f))
  const text = file ? readFileSync(path.join(root, dir, file), 'utf8').trim() : `(${license}; no license file in the package)`
  return `${name}@${version} (${license})\n\n${text}\n`
})
writeFileSync(path.join(root, 'dist/bundle/THIRD-PARTY-LICENSES.txt'), `npm packages bundled into dist/bundle/ (scripts/bundle-cli.js)\n\n${notices.join('\n---\n\n')}`)
