/**
 * Where the Electric migrations proxy is, first found wins (docs/one-shot.md, "The proxy URL"):
 *   1. `--proxy-url`
 *   2. `-e, --env <file>`: its DATABASE_URL, with `${VAR}` expansion as `dotenv -e` does
 *   3. `.env.proxy` beside package.json: the same
 *   4. ELECTRIC_PROXY
 *   5. ELECTRIC_PG_PROXY_HOST/_PORT/_PASSWORD, ELECTRIC_DATABASE_NAME (any of them set), with the
 *      Electric CLI's defaults for the others
 *   6. DATABASE_URL in the environment, only when the server behind it answers as Electric's proxy
 *      (`dotenv -e .env.proxy -- electrify`): in a Prisma project DATABASE_URL is, first of all, the
 *      app's own database, so it is asked, and only when nothing above names the proxy
 *   7. Electric's defaults: postgresql://postgres:proxy_password@localhost:65432/electric
 *
 * Each result says where it came from in words that are true (`label`), for the progress line and
 * for every message about the proxy.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import dotenv from 'dotenv'
import { expand } from 'dotenv-expand'
import { ElectrifyError } from '../errors.js'
import { probeProxy } from './probe-proxy.js'

export type ProxyUrlSource = '--proxy-url' | '--env' | '.env.proxy' | 'ELECTRIC_PROXY' | 'ELECTRIC_PG_PROXY_*' | 'DATABASE_URL' | 'default'

export interface ProxyUrl {
  url: string
  source: ProxyUrlSource
  /** The env file it came from, for `--env` and `.env.proxy`. */
  file?: string
  /**
   * Where it came from, for people: `--proxy-url`, the env file (relative to the cwd), `ELECTRIC_PROXY`,
   * the ELECTRIC_* variables that are set, `DATABASE_URL in the environment`, `Electric's defaults …`.
   */
  label: string
  /** The probe already found Electric's proxy there (DATABASE_URL from the environment is only taken so). */
  confirmed: boolean
}

export interface ProxyUrlOptions {
  proxyUrl?: string
  /** `-e, --env <file>`, relative to `cwd`. */
  envFile?: string
  /** Directory holding package.json, where `.env.proxy` is looked for. */
  projectRoot: string
  cwd: string
  env: NodeJS.ProcessEnv
  /** For the probe of DATABASE_URL (default: the probe's own). */
  timeoutMs?: number
}

/** The Electric CLI's variables for the proxy's parts (ELECTRIC_SERVICE_HOST: its host when no proxy host is set). */
const ELECTRIC_VARIABLES = ['ELECTRIC_PG_PROXY_HOST', 'ELECTRIC_SERVICE_HOST', 'ELECTRIC_PG_PROXY_PORT', 'ELECTRIC_PG_PROXY_PASSWORD', 'ELECTRIC_DATABASE_NAME'] as const

export async function resolveProxyUrl(options: ProxyUrlOptions): Promise<ProxyUrl> {
  const { env, cwd } = options
  const named = (url: string, source: ProxyUrlSource, label: string, file?: string): ProxyUrl => ({ url, source, label, confirmed: false, ...(file ? { file } : {}) })
  if (options.proxyUrl) return named(checked(options.proxyUrl, '--proxy-url'), '--proxy-url', '--proxy-url')
  if (options.envFile) {
    const file = path.resolve(cwd, options.envFile)
    const content = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new ElectrifyError(`cannot read the env file ${file}: ${error.code ?? error.message}`, {
        code: 'proxy/env-file-unreadable',
        file,
        exitCode: 2,
        hint: 'Pass the path of an existing dotenv file, e.g. -e .env.proxy.',
      })
    })
    return named(databaseUrlOf(content, file, env), '--env', shown(file, cwd), file)
  }
  const dotEnvProxy = path.join(options.projectRoot, '.env.proxy')
  const content = await readFile(dotEnvProxy, 'utf8').catch(() => undefined)
  if (content !== undefined) return named(databaseUrlOf(content, dotEnvProxy, env), '.env.proxy', shown(dotEnvProxy, cwd), dotEnvProxy)
  if (env.ELECTRIC_PROXY) return named(checked(env.ELECTRIC_PROXY, 'ELECTRIC_PROXY'), 'ELECTRIC_PROXY', 'ELECTRIC_PROXY')
  const set = ELECTRIC_VARIABLES.filter((name) => env[name])
  if (set.length > 0) {
    const all = (env.ELECTRIC_PG_PROXY_HOST || env.ELECTRIC_SERVICE_HOST) && env.ELECTRIC_PG_PROXY_PORT && env.ELECTRIC_PG_PROXY_PASSWORD && env.ELECTRIC_DATABASE_NAME
    return named(electricCliUrl(env), 'ELECTRIC_PG_PROXY_*', `${set.join(', ')}${all ? '' : " (Electric's defaults for the rest)"}`)
  }
  let skipped = ''
  if (env.DATABASE_URL) {
    const fromEnvironment = await databaseUrlFromEnvironment(env.DATABASE_URL, options.timeoutMs)
    if (typeof fromEnvironment !== 'string') return fromEnvironment
    skipped = `; DATABASE_URL in the environment ${fromEnvironment}, so it is not the proxy`
  }
  return named(electricCliUrl({}), 'default', `Electric's defaults${skipped || ': nothing names the proxy'}`)
}

const FROM_ENVIRONMENT = 'DATABASE_URL in the environment'

/**
 * DATABASE_URL from the environment, when the server there answers as Electric's proxy; otherwise why
 * it is not (a phrase), or the error that stops the run when that cannot be told (no answer, a wrong
 * password): guessing either way could migrate the wrong database.
 */
async function databaseUrlFromEnvironment(url: string, timeoutMs: number | undefined): Promise<ProxyUrl | string> {
  if (!isPostgresUrl(url)) return 'is not a postgresql:// URL'
  const probe = await probeProxy(url, { from: FROM_ENVIRONMENT, timeoutMs })
  switch (probe.kind) {
    case 'electric-proxy':
      return { url, source: 'DATABASE_URL', label: FROM_ENVIRONMENT, confirmed: true }
    case 'plain-postgres':
      return 'answered as plain PostgreSQL (a database)'
    default:
      throw new ElectrifyError(probe.error.message, {
        code: probe.error.code,
        exitCode: probe.error.exitCode,
        hint:
          `${probe.error.hint ?? ''} DATABASE_URL in the environment is taken for the proxy only when nothing else names one and it answers as Electric's proxy; ` +
          'if it is your app\'s database, name the proxy with --proxy-url, -e <file>, .env.proxy or ELECTRIC_PROXY.',
      })
  }
}

/**
 * The file's DATABASE_URL after `${VAR}` expansion. As with dotenv-cli, a variable already in the
 * environment wins over the file, except DATABASE_URL itself: a shell's DATABASE_URL usually points
 * straight at Postgres, and the file's is the one that names the proxy.
 */
function databaseUrlOf(content: string, file: string, env: NodeJS.ProcessEnv): string {
  const processEnv: Record<string, string> = {}
  for (const [key, value] of Object.entries(env)) if (value !== undefined && key !== 'DATABASE_URL') processEnv[key] = value
  const parsed = dotenv.parse(content)
  expand({ parsed, processEnv })
  const url = parsed.DATABASE_URL
  if (!url) {
    throw new ElectrifyError(`${file} has no DATABASE_URL`, {
      code: 'proxy/no-database-url',
      file,
      hint: 'Add DATABASE_URL=postgresql://postgres:${PG_PROXY_PASSWORD}@localhost:65432/<db> pointing at the Electric proxy.',
    })
  }
  return checked(url, file)
}

function electricCliUrl(env: NodeJS.ProcessEnv): string {
  const url = new URL('postgresql://localhost')
  url.hostname = env.ELECTRIC_PG_PROXY_HOST || env.ELECTRIC_SERVICE_HOST || 'localhost'
  url.port = env.ELECTRIC_PG_PROXY_PORT || '65432'
  url.username = 'postgres'
  url.password = env.ELECTRIC_PG_PROXY_PASSWORD || 'proxy_password'
  url.pathname = `/${encodeURIComponent(env.ELECTRIC_DATABASE_NAME || 'electric')}`
  return url.toString()
}

/** A file as the progress line shows it: relative to where electrify runs. */
function shown(file: string, cwd: string): string {
  return path.relative(cwd, file) || file
}

function isPostgresUrl(url: string): boolean {
  return URL.canParse(url) && ['postgresql:', 'postgres:'].includes(new URL(url).protocol)
}

function checked(url: string, from: string): string {
  if (isPostgresUrl(url)) return url
  throw new ElectrifyError(`the proxy URL from ${from} is not ${URL.canParse(url) ? 'a postgresql:// URL' : 'a URL'}`, {
    code: 'proxy/invalid-url',
    exitCode: 2,
    hint: 'Use postgresql://user:password@host:port/database.',
  })
}
