/** The little electrify needs to know about a PostgreSQL connection URL to route it. */

/** The database a URL names (decoded), or undefined when it is not a URL. */
export function databaseName(url: string): string | undefined {
  const parsed = parse(url)
  return parsed && decodeURIComponent(parsed.pathname.replace(/^\//, ''))
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]', '::1'])

/** Whether two URLs name the same server (host and port; the loopback names count as one host). */
export function sameServer(a: string, b: string): boolean {
  const x = parse(a)
  const y = parse(b)
  if (!x || !y) return false
  const host = (u: URL) => (LOOPBACK.has(u.hostname.toLowerCase()) ? 'localhost' : u.hostname.toLowerCase())
  return host(x) === host(y) && (x.port || '5432') === (y.port || '5432')
}

/** The proxy URL asking for another database; the proxy connects to it only for shadow names. */
export function withDatabase(proxyUrl: string, database: string): string {
  const url = new URL(proxyUrl)
  url.pathname = `/${encodeURIComponent(database)}`
  return url.toString()
}

function parse(url: string): URL | undefined {
  try {
    return new URL(url)
  } catch {
    return undefined
  }
}
