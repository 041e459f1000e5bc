/**
 * Fixture Prisma apps in temporary directories, and the real Prisma CLI run in them.
 *
 * `createPrismaApp('basic', databaseUrl)` copies fixtures/apps/basic/ (schema, and a migrations folder
 * if the fixture has one) to a fresh temporary directory, adds fixtures/prisma-offline/prisma.config.ts
 * (the offline Prisma setup) and a `node_modules` link to this repository's node_modules: the config
 * imports prisma/config, @prisma/adapter-pg and pg, which a temporary directory could not resolve
 * otherwise. Through that link the app also has `node_modules/.bin/prisma`, "the project's own Prisma".
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { REPO_ROOT } from './repo-root.js'

const REPO = REPO_ROOT
const PRISMA_CLI = path.join(REPO, 'node_modules/prisma/build/index.js')

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export interface PrismaApp {
  dir: string
  /** the database the app points at (its .env, and DATABASE_URL of every command run here) */
  databaseUrl: string
  migrationsDir: string
  /** Runs `prisma <args>` in the app; `databaseUrl` overrides the app's, e.g. to go through a proxy. */
  prisma(args: string[], options?: { databaseUrl?: string; env?: NodeJS.ProcessEnv }): Promise<CliResult>
  /** migration folder names, oldest first */
  migrations(): Promise<string[]>
  remove(): Promise<void>
}

export async function createPrismaApp(fixture: string, databaseUrl: string): Promise<PrismaApp> {
  const dir = await fs.mkdtemp(path.join(os.tmpdir(), `electrify-app-${fixture}-`))
  await fs.cp(path.join(REPO, 'fixtures/apps', fixture), dir, { recursive: true })
  await fs.copyFile(path.join(REPO, 'fixtures/prisma-offline/prisma.config.ts'), path.join(dir, 'prisma.config.ts'))
  await fs.symlink(path.join(REPO, 'node_modules'), path.join(dir, 'node_modules'), 'dir')
  // Prisma skips .env when a prisma.config.ts exists; it is written for tools that read it themselves.
  await fs.writeFile(path.join(dir, '.env'), `DATABASE_URL="${databaseUrl}"\n`)
  const migrationsDir = path.join(dir, 'prisma/migrations')
  return {
    dir,
    databaseUrl,
    migrationsDir,
    prisma: (args, options = {}) =>
      run(process.execPath, [PRISMA_CLI, ...args], dir, {
        ...process.env,
        DATABASE_URL: options.databaseUrl ?? databaseUrl,
        CHECKPOINT_DISABLE: '1', // no telemetry / version check (there is no network anyway)
        PRISMA_HIDE_UPDATE_MESSAGE: '1',
        ...options.env,
      }),
    async migrations() {
      const entries = await fs.readdir(migrationsDir, { withFileTypes: true }).catch(() => [])
      return entries.filter((e) => e.isDirectory()).map((e) => e.name).sort()
    },
    remove: () => fs.rm(dir, { recursive: true, force: true }),
  }
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
