import type { UrlSource } from './datasource.js'

export type Environment = Readonly<Record<string, string | undefined>>

/** What a URL setting comes to under an environment, as Prisma would evaluate it. */
export type Resolved =
  /** `variable`: the environment variable the value came from (none for a literal). */
  | { kind: 'value'; url: string; variable?: string }
  /** No URL; `variable` names the (unset or empty) variable that would have given one. */
  | { kind: 'absent'; variable?: string }
  /** A strict `env('X')` of an unset variable: Prisma stops there. */
  | { kind: 'unset'; variable: string }
  | { kind: 'unknown'; expression: string }

export function resolveUrl(source: UrlSource, env: Environment): Resolved {
  switch (source.kind) {
    case 'literal':
      return { kind: 'value', url: source.url }
    case 'unknown':
      return source
    case 'env': {
      const value = env[source.name]
      // Prisma's env() and the schema engine treat an empty value like a missing one; `process.env.X` is ''.
      if (value === undefined || (value === '' && source.strict)) {
        return source.strict ? { kind: 'unset', variable: source.name } : { kind: 'absent', variable: source.name }
      }
      return { kind: 'value', url: value, variable: source.name }
    }
    case 'either': {
      let skipped: string | undefined
      for (const option of source.options) {
        const r = resolveUrl(option, env)
        const falsy = r.kind === 'absent' || (r.kind === 'value' && r.url === '' && source.operator === '||')
        if (!falsy) return r
        skipped ??= r.variable
      }
      return { kind: 'absent', ...(skipped === undefined ? {} : { variable: skipped }) }
    }
    case 'conditional': {
      const test = resolveUrl(source.test, env)
      if (test.kind === 'unknown' || test.kind === 'unset') return test
      const branch = test.kind === 'value' && test.url !== '' ? source.then : source.otherwise
      return branch === undefined ? { kind: 'absent' } : resolveUrl(branch, env)
    }
  }
}

/**
 * The setting that decides a URL once electrify has set every variable it routes: the first option of
 * `a ?? b` (its variable is then set), the branch a condition takes today. Undefined for a condition
 * whose branch gives no URL.
 */
export function decidingSource(source: UrlSource, env: Environment): UrlSource | undefined {
  if (source.kind === 'either') return decidingSource(source.options[0]!, env)
  if (source.kind !== 'conditional') return source
  const test = resolveUrl(source.test, env)
  if (test.kind === 'unknown' || test.kind === 'unset') return { kind: 'unknown', expression: describeSource(source) }
  const branch = test.kind === 'value' && test.url !== '' ? source.then : source.otherwise
  return branch && decidingSource(branch, env)
}

/** The setting as one would write it, for messages. */
export function describeSource(source: UrlSource): string {
  switch (source.kind) {
    case 'env':
      return source.strict ? `env("${source.name}")` : `process.env.${source.name}`
    case 'literal':
      return JSON.stringify(source.url)
    case 'either':
      return source.options.map(describeSource).join(` ${source.operator} `)
    case 'conditional':
      return `${describeSource(source.test)} ? ${source.then ? describeSource(source.then) : '(none)'} : ${source.otherwise ? describeSource(source.otherwise) : '(none)'}`
    case 'unknown':
      return source.expression
  }
}
