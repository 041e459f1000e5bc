/**
 * Where the Electric migrations proxy is, first found wins:
 *   1. `--proxy-url`
 *   2. `--env-file <file>`: its DATABASE_URL, with `${VAR}` expansion as `dotenv -e` does
 *   3. `.env.proxy` beside package.json: the same
 *   4. ELECTRIC_PROXY
 *   5. ELECTRIC_PG_PROXY_HOST/_PORT/_PASSWORD and ELECTRIC_DATABASE_NAME, with the Electric CLI's
 *      defaults (localhost, 65432, proxy_password, electric) for any that is missing.
 */
import { readFile } from 'node:fs/promises'
import path from 'node:path'
import dotenv from 'dotenv'
import { expand } from 'dotenv-expand'
import { ElectrifyError } from '../errors.js'

export type ProxyUrlSource = '--proxy-url' | '--env-file' | '.env.proxy' | 'ELECTRIC_PROXY' | 'ELECTRIC_PG_PROXY_*'

export interface ProxyUrl {
  url: string
  source: ProxyUrlSource
  /** The env file it came from, for `--env-file` and `.env.proxy`. */
  file?: string
}

export interface ProxyUrlOptions {
  proxyUrl?: string
  envFile?: string
  /** Directory holding package.json, where `.env.proxy` is looked for. */
  projectRoot: string
  cwd: string
  env: NodeJS.ProcessEnv
}

export async function resolveProxyUrl(options: ProxyUrlOptions): Promise<ProxyUrl> {
  if (options.proxyUrl) return { url: checked(options.proxyUrl, '--proxy-url'), source: '--proxy-url' }
  if (options.envFile) {
    const file = path.resolve(options.cwd, options.envFile)
    const content = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw new ElectrifyError(`cannot read the env file ${file}: ${error.code ?? error.message}`, {
        code: 'proxy/env-file-unreadable',
        file,
        exitCode: 2,
        hint: 'Pass the path of an existing dotenv file, e.g. --env-file .env.proxy.',
      })
    })
    return { url: databaseUrlOf(content, file, options.env), source: '--env-file', file }
  }
  const dotEnvProxy = path.join(options.projectRoot, '.env.proxy')
  const content = await readFile(dotEnvProxy, 'utf8').catch(() => undefined)
  if (content !== undefined) return { url: databaseUrlOf(content, dotEnvProxy, options.env), source: '.env.proxy', file: dotEnvProxy }
  if (options.env.ELECTRIC_PROXY) return { url: checked(options.env.ELECTRIC_PROXY, 'ELECTRIC_PROXY'), source: 'ELECTRIC_PROXY' }
  return { url: electricCliUrl(options.env), source: 'ELECTRIC_PG_PROXY_*' }
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

function checked(url: string, from: string): string {
  let parsed: URL
  try {
    parsed = new URL(url)
  } catch {
    throw new ElectrifyError(`the proxy URL from ${from} is not a URL`, {
      code: 'proxy/invalid-url',
      exitCode: 2,
      hint: 'Use postgresql://user:password@host:port/database.',
    })
  }
  if (parsed.protocol !== 'postgresql:' && parsed.protocol !== 'postgres:') {
    throw new ElectrifyError(`the proxy URL from ${from} is not a postgresql:// URL`, {
      code: 'proxy/invalid-url',
      exitCode: 2,
      hint: 'Use postgresql://user:password@host:port/database.',
    })
  }
  return url
}
