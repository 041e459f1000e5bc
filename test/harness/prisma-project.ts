/**
 * Temporary Prisma apps for tests, run by the real Prisma CLI offline, in one of three ways (`PrismaFlavour`):
 *
 *  '6-adapter'  Prisma 6.19.3 with a driver adapter: the app gets fixtures/prisma-offline/prisma.config.ts
 *               (`engine: 'js'`, @prisma/adapter-pg), which reads DATABASE_URL whatever the schema says.
 *  '6-classic'  Prisma 6.19.3 on its classic engine path: no prisma.config.ts, so the CLI and the engine read
 *               the schema's url / directUrl / shadowDatabaseUrl themselves. The native engine binary is
 *               replaced by fixtures/prisma6-classic/schema-engine-classic.cjs (`app.harnessEnv`).
 *  '7'          Prisma 7.10.1, installed in fixtures/prisma7/ (installPrisma7): the URLs come from the
 *               app's prisma.config.ts (fixtures/prisma7/prisma.config.ts unless the fixture has its own),
 *               the engine binary from fixtures/prisma7/schema-engine-wasm.cjs.
 *
 * `createPrismaApp({ fixture: 'basic', env: { DATABASE_URL } })` copies fixtures/apps/basic/ (schema, and a
 * migrations folder if the fixture has one) to a fresh temporary directory and adds what its flavour needs,
 * including a `node_modules` link to the node_modules holding that Prisma: the configs import prisma/config
 * (and, for the adapter, @prisma/adapter-pg and pg), which a temporary directory could not resolve
 * otherwise. Through that link the app also has `node_modules/.bin/prisma`, "the project's own Prisma".
 */
import { spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import { existsSync } from 'node:fs'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { REPO_ROOT } from './repo-root.js'

const REPO = REPO_ROOT
const PRISMA7_DIR = path.join(REPO, 'fixtures/prisma7')

export type PrismaFlavour = '6-adapter' | '6-classic' | '7'

export interface PrismaAppOptions {
  /** a folder of fixtures/apps/ */
  fixture: string
  /** which Prisma, and how it connects; default '6-adapter' */
  prisma?: PrismaFlavour
  /**
   * The app's own variables (DATABASE_URL, POOLED_URL + DIRECT_URL, DB_URL …), as a user would have them:
   * written to the app's .env (which Prisma 6 classic loads; the others ignore it) and given to every
   * command `app.prisma()` runs.
   */
  env?: Record<string, string>
}

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export interface PrismaApp {
  dir: string
  flavour: PrismaFlavour
  /** the app's DATABASE_URL, if it has one */
  databaseUrl?: string
  /** What the app's commands get on top of process.env: the app's variables (options.env) and `harnessEnv`. */
  env: Record<string, string>
  /**
   * What the harness adds to a user's setup. For '6-classic', PRISMA_SCHEMA_ENGINE_BINARY (the engine stand-in)
   * and PRISMA_QUERY_ENGINE_LIBRARY: Prisma 6 looks for its engines before it loads .env, so these must be in
   * the environment of anything that runs the app's Prisma, e.g. the electrify CLI (pass `env`, or
   * `harnessEnv` to leave the app's variables to its .env). For '6-classic' and '7', SCHEMA_ENGINE_WASM_TRACE,
   * read by `engineTrace()`. (Prisma 7 and the adapter get the rest from their prisma.config.ts.)
   */
  harnessEnv: Record<string, string>
  migrationsDir: string
  /**
   * Runs the app's own Prisma (`node node_modules/prisma/build/index.js <args>` in the app) with `env`;
   * `databaseUrl` overrides DATABASE_URL, e.g. to go through a proxy, and `env` adds or overrides variables.
   */
  prisma(args: string[], options?: { databaseUrl?: string; env?: NodeJS.ProcessEnv }): Promise<CliResult>
  /** migration folder names, oldest first */
  migrations(): Promise<string[]>
  /** What the schema engine stand-in did so far ('6-classic' and '7'; empty for '6-adapter'). */
  engineTrace(): Promise<EngineTrace>
  remove(): Promise<void>
}

/** From the SCHEMA_ENGINE_WASM_TRACE of fixtures/schema-engine/stand-in.cjs, in order. */
export interface EngineTrace {
  /** every connection the engine and the CLI's pre-flight checks made: `<database> at <host>:<port>` */
  connections: string[]
  /** throwaway shadow databases created (`prisma_migrate_shadow_db_<uuid>`) and dropped */
  shadowCreated: string[]
  shadowDropped: string[]
  /** configured shadow databases (shadowDatabaseUrl) that were reset */
  shadowReset: string[]
}

/** `createPrismaApp(fixture, databaseUrl)` is `createPrismaApp({ fixture, env: { DATABASE_URL: databaseUrl } })`. */
export async function createPrismaApp(fixture: string, databaseUrl: string): Promise<PrismaApp>
export async function createPrismaApp(options: PrismaAppOptions): Promise<PrismaApp>
export async function createPrismaApp(first: string | PrismaAppOptions, databaseUrl?: string): Promise<PrismaApp> {
  const options = typeof first === 'string' ? { fixture: first, env: { DATABASE_URL: databaseUrl! } } : first
  const flavour = options.prisma ?? '6-adapter'
  const source = path.join(REPO, 'fixtures/apps', options.fixture)
  if (!existsSync(source)) throw new Error(`createPrismaApp: no fixture app ${source}`)
  if (flavour === '7') await installPrisma7()
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `electrify-app-${options.fixture}-`))
  await fs.cp(source, dir, { recursive: true })
  const harnessEnv = await addFlavour(flavour, dir)
  const env = { ...options.env, ...harnessEnv }
  // Prisma 6 classic loads .env (its variables never override the environment's); with a prisma.config.ts
  // Prisma skips it, and it is written for the tools that read it themselves.
  await fs.writeFile(path.join(dir, '.env'), dotenv(options.env ?? {}))
  const migrationsDir = path.join(dir, 'prisma/migrations')
  const cli = path.join(dir, 'node_modules/prisma/build/index.js')
  const traceFile = path.join(dir, ENGINE_TRACE)
  return {
    dir,
    flavour,
    databaseUrl: env.DATABASE_URL,
    env,
    harnessEnv,
    migrationsDir,
    prisma: (args, runOptions = {}) =>
      run(process.execPath, [cli, ...args], dir, {
        ...process.env,
        CHECKPOINT_DISABLE: '1', // no telemetry / version check (there is no network anyway)
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        ...env,
        ...(runOptions.databaseUrl === undefined ? {} : { DATABASE_URL: runOptions.databaseUrl }),
        ...runOptions.env,
      }),
    async migrations() {
      const entries = await fs.readdir(migrationsDir, { withFileTypes: true }).catch(() => [])
      return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()
    },
    engineTrace: async () => parseEngineTrace(await fs.readFile(traceFile, 'utf8').catch(() => '')),
    remove: () => fs.rm(dir, { recursive: true, force: true }),
  }
}

const ENGINE_TRACE = '.schema-engine-trace.log'

function parseEngineTrace(text: string): EngineTrace {
  const trace: EngineTrace = { connections: [], shadowCreated: [], shadowDropped: [], shadowReset: [] }
  for (const line of text.split('\n')) {
    const m = /^\[\d+ \+\d+ms\] (?:cli [\w-]+ on |connects to )(\S+ at \S+)$/.exec(line)
    if (m) trace.connections.push(m[1])
    const [, name, event] = /\] (?:configured )?shadow database (\S+) (created|dropped|reset)/.exec(line) ?? []
    if (event === 'created') trace.shadowCreated.push(name)
    else if (event === 'dropped') trace.shadowDropped.push(name)
    else if (event === 'reset') trace.shadowReset.push(name)
  }
  return trace
}

/** Adds to the app in `dir` what its Prisma needs; returns the variables its commands need for that. */
async function addFlavour(flavour: PrismaFlavour, dir: string): Promise<Record<string, string>> {
  const link = (target: string, name: string) => fs.symlink(target, path.join(dir, name))
  const hasConfig = existsSync(path.join(dir, 'prisma.config.ts'))
  switch (flavour) {
    case '6-adapter':
      if (!hasConfig) await fs.copyFile(path.join(REPO, 'fixtures/prisma-offline/prisma.config.ts'), path.join(dir, 'prisma.config.ts'))
      await link(path.join(REPO, 'node_modules'), 'node_modules')
      return {}
    case '6-classic':
      await link(path.join(REPO, 'node_modules'), 'node_modules')
      return {
        SCHEMA_ENGINE_WASM_TRACE: path.join(dir, ENGINE_TRACE),
        PRISMA_SCHEMA_ENGINE_BINARY: path.join(REPO, 'fixtures/prisma6-classic/schema-engine-classic.cjs'),
        // The CLI checks for the native query-engine library right away and would download it; any existing
        // file passes the check, and migrate commands never load it (../shared/prisma-offline, fix [A]).
        PRISMA_QUERY_ENGINE_LIBRARY: '/bin/false',
      }
    case '7':
      if (!hasConfig) await fs.copyFile(path.join(PRISMA7_DIR, 'prisma.config.ts'), path.join(dir, 'prisma.config.ts'))
      await link(path.join(PRISMA7_DIR, 'node_modules'), 'node_modules')
      // prisma.config.ts sets PRISMA_SCHEMA_ENGINE_BINARY to the file next to it
      await link(path.join(PRISMA7_DIR, 'schema-engine-wasm.cjs'), 'schema-engine-wasm.cjs')
      return { SCHEMA_ENGINE_WASM_TRACE: path.join(dir, ENGINE_TRACE) }
  }
}

function dotenv(env: Record<string, string>): string {
  return Object.entries(env).map(([key, value]) => `${key}=${JSON.stringify(value)}\n`).join('')
}

let prisma7Install: Promise<{ ms: number } | undefined> | undefined

/**
 * Installs Prisma 7.10.1 and the engine stand-in's packages into fixtures/prisma7/node_modules with
 * `npm ci --ignore-scripts` (no install script is needed: @prisma/engines' postinstall would only try the
 * engine download), unless the installed tree matches package.json + package-lock.json. Resolves to the time
 * the install took, or undefined if it was up to date. The vitest globalSetup calls it once before the tests;
 * scripts get it from createPrismaApp. Once per process.
 */
export function installPrisma7(): Promise<{ ms: number } | undefined> {
  return (prisma7Install ??= (async () => {
    const stampFile = path.join(PRISMA7_DIR, 'node_modules/.electrify-installed')
    const hash = createHash('sha256')
    for (const file of ['package.json', 'package-lock.json']) hash.update(await fs.readFile(path.join(PRISMA7_DIR, file)))
    const stamp = hash.digest('hex')
    if ((await fs.readFile(stampFile, 'utf8').catch(() => '')) === stamp) return undefined
    const start = performance.now()
    const npm = process.env.npm_execpath ? [process.execPath, process.env.npm_execpath] : ['npm']
    const result = await run(npm[0], [...npm.slice(1), 'ci', '--ignore-scripts', '--no-audit', '--no-fund'], PRISMA7_DIR, process.env)
    if (result.code !== 0) throw new Error(`npm ci in ${PRISMA7_DIR} failed (exit ${result.code}):\n${result.stdout}\n${result.stderr}`)
    await fs.writeFile(stampFile, stamp)
    return { ms: performance.now() - start }
  })())
}

/**
 * Runs a command to its end and collects its output; never rejects for a non-zero exit code. A command
 * still running after two minutes is killed, so that a hanging CLI does not outlive the test run.
 */
export function run(command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv): Promise<CliResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'], timeout: 120_000, killSignal: 'SIGKILL' })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk) => (stdout += chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk))
    child.once('error', reject)
    child.once('close', (code, signal) => resolve({ code: code ?? 1, stdout, stderr: signal ? `${stderr}\n[killed by ${signal}]` : stderr }))
  })
}

/**
 * `url` moved to 127.0.0.1 port 1, where nothing listens: for the variables of an app that Prisma must not use
 * (the pooled URL, a DATABASE_URL nothing reads …), so that a connection there fails at once and loudly
 * (P1001 Can't reach database server at `127.0.0.1:1`).
 */
export function unreachableUrl(url: string): string {
  const u = new URL(url)
  u.hostname = '127.0.0.1'
  u.port = '1'
  return u.toString()
}
