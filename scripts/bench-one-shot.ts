/**
 * The one-shot cycle against the two bare Prisma commands it wraps, in the same run, on the same
 * throwaway PostgreSQL and proxy stand-in:
 *   electrify:  electrify --name init --proxy-url …        (create-only + inject + migrate dev)
 *   bare:       prisma migrate dev --create-only --name init; append the same DDLX; prisma migrate dev
 * Each round uses a fresh database and a fresh copy of fixtures/apps/basic; the two alternate so
 * that neither always runs on a warmer machine. Writes nothing outside temporary folders.
 *   node .build/scripts/bench-one-shot.js [--rounds N] [--json]
 */
import { spawn } from 'node:child_process'
import { appendFile, readdir } from 'node:fs/promises'
import path from 'node:path'
import { createDatabase, databaseName, dropDatabase, startPostgres } from '../test/harness/postgres.js'
import { createPrismaApp, type PrismaApp } from '../test/harness/prisma-project.js'
import { startProxy, upstreamFromUrl } from '../test/harness/proxy/index.js'
import { REPO_ROOT } from '../test/harness/repo-root.js'

const args = process.argv.slice(2)
const rounds = Number(args[args.indexOf('--rounds') + 1]) || (args.includes('--rounds') ? NaN : 5)
const json = args.includes('--json')
if (!Number.isInteger(rounds) || rounds < 1) {
  console.error('usage: bench-one-shot [--rounds N] [--json]')
  process.exit(2)
}

const ELECTRIFY = path.join(REPO_ROOT, 'bin/electrify.js')
const env = { ...process.env, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1', NO_COLOR: '1' }
const DDLX = '\n-- electrify: enable Electric sync for annotated models\nALTER TABLE "User" ENABLE ELECTRIC;\nALTER TABLE "Post" ENABLE ELECTRIC;\n'

function run(file: string, argv: string[], cwd: string, extraEnv: NodeJS.ProcessEnv = {}): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(file, argv, { cwd, env: { ...env, ...extraEnv }, stdio: ['ignore', 'ignore', 'pipe'] })
    let stderr = ''
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()))
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${path.basename(file)} ${argv.join(' ')} exited ${code}\n${stderr}`))))
  })
}

async function timed(work: () => Promise<void>): Promise<number> {
  const start = performance.now()
  await work()
  return performance.now() - start
}

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]

async function main(): Promise<void> {
  const postgres = await startPostgres()
  const samples = { electrify: [] as number[], bare: [] as number[] }
  try {
    for (let round = 0; round < rounds; round++) {
      for (const kind of round % 2 === 0 ? (['electrify', 'bare'] as const) : (['bare', 'electrify'] as const)) {
        const directUrl = await createDatabase(postgres.adminUrl, `bench_${kind}_${round}`)
        // Electric serves one database: a stand-in per round, in front of that round's database
        const proxy = await startProxy({ upstream: upstreamFromUrl(directUrl), password: 'proxy_password' })
        const proxyUrl = proxy.url()
        const app: PrismaApp = await createPrismaApp('basic', proxyUrl)
        const prisma = path.join(app.dir, 'node_modules/.bin/prisma')
        try {
          samples[kind].push(
            await timed(async () => {
              if (kind === 'electrify') return run(process.execPath, [ELECTRIFY, '--name', 'init', '--proxy-url', proxyUrl], app.dir)
              await run(prisma, ['migrate', 'dev', '--create-only', '--name', 'init'], app.dir, { DATABASE_URL: proxyUrl })
              const [folder] = await readdir(app.migrationsDir)
              await appendFile(path.join(app.migrationsDir, folder, 'migration.sql'), DDLX)
              await run(prisma, ['migrate', 'dev'], app.dir, { DATABASE_URL: proxyUrl })
            }),
          )
        } finally {
          await app.remove()
          await proxy.stop()
          await dropDatabase(postgres.adminUrl, databaseName(directUrl))
        }
      }
    }
  } finally {
    await postgres.stop()
  }
  const result = {
    rounds,
    electrifyMs: { median: median(samples.electrify), samples: samples.electrify.map(Math.round) },
    bareMs: { median: median(samples.bare), samples: samples.bare.map(Math.round) },
    overheadPercent: Math.round((median(samples.electrify) / median(samples.bare) - 1) * 1000) / 10,
  }
  if (json) return void console.log(JSON.stringify(result, null, 2))
  console.log(`one-shot cycle, ${rounds} rounds each (fresh database and app per round, order alternating)`)
  console.log(`  electrify --name init                      median ${Math.round(result.electrifyMs.median)} ms   ${result.electrifyMs.samples.join(', ')}`)
  console.log(`  prisma create-only + append + migrate dev  median ${Math.round(result.bareMs.median)} ms   ${result.bareMs.samples.join(', ')}`)
  console.log(`  overhead ${result.overheadPercent}%  ${result.overheadPercent <= 5 ? '✓' : '✗'} target ≤ 5%`)
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})
