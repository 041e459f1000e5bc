/** A connection URL safe to print: the password is never shown, in any message or log. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url)
    if (parsed.password) parsed.password = '****'
    return parsed.toString()
  } catch {
    // Not a URL we can parse: hide anything between "//user:" and "@".
    return url.replace(/(\/\/[^:/@]*:)[^@]*@/, '$1****@')
  }
}

/** `host:port` of a Postgres URL, for "cannot reach …" messages. */
export function hostAndPort(url: string): { host: string; port: number } {
  const parsed = new URL(url)
  return { host: parsed.hostname.replace(/^\[|\]$/g, '') || 'localhost', port: Number(parsed.port || 5432) }
}
