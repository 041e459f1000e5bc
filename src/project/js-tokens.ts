/**
 * A small JavaScript/TypeScript tokenizer, just enough to read a `prisma.config.ts` without running it:
 * strings, template literals (with their `${…}` parts tokenized), identifiers, numbers and punctuation,
 * with comments skipped. It never fails: text it does not understand becomes punctuation tokens, and
 * the reader above it treats anything unexpected as "cannot be resolved".
 */
export type Token =
  | { kind: 'string'; value: string; start: number; end: number; newlineBefore: boolean }
  | { kind: 'template'; quasis: string[]; parts: Token[][]; start: number; end: number; newlineBefore: boolean }
  | { kind: 'ident' | 'number' | 'punct' | 'regex'; value: string; start: number; end: number; newlineBefore: boolean }

// Longest first, so that `...` wins over `.` and `=>` over `=`.
const PUNCTUATORS = ['...', '?.', '??', '=>', '===', '!==', '==', '!=', '&&', '||', '<=', '>=', '++', '--']

/** After these, a `/` starts a regular expression rather than a division. */
const REGEX_AFTER_PUNCT = new Set(['(', ',', '=', ':', '[', '!', '&&', '||', '??', '?', '{', '}', ';', '=>', '+', '-'])
const REGEX_AFTER_WORD = new Set(['return', 'typeof', 'case', 'do', 'else', 'in', 'of', 'void', 'yield', 'await'])

export function tokenize(source: string): Token[] {
  return new Tokenizer(source).run(false)
}

class Tokenizer {
  private pos = 0
  constructor(private readonly src: string) {}

  /** Tokens up to the end, or (inside `${…}`) up to the `}` that closes the substitution. */
  run(inSubstitution: boolean): Token[] {
    const tokens: Token[] = []
    let depth = 0
    for (;;) {
      const newlineBefore = this.skipSpaceAndComments()
      if (this.pos >= this.src.length) return tokens
      const start = this.pos
      const c = this.src[start]!
      if (inSubstitution && c === '}' && depth === 0) {
        this.pos++
        return tokens
      }
      if (c === '"' || c === "'") {
        tokens.push({ kind: 'string', value: this.readQuoted(c), start, end: this.pos, newlineBefore })
      } else if (c === '`') {
        tokens.push({ ...this.readTemplate(), start, end: this.pos, newlineBefore })
      } else if (/[\p{L}_$]/u.test(c)) {
        const value = /^[\p{L}\p{N}_$]+/u.exec(this.src.slice(start))![0]
        this.pos += value.length
        tokens.push({ kind: 'ident', value, start, end: this.pos, newlineBefore })
      } else if (/[0-9]/.test(c)) {
        const value = /^[0-9][0-9a-zA-Z_.]*/.exec(this.src.slice(start))![0]
        this.pos += value.length
        tokens.push({ kind: 'number', value, start, end: this.pos, newlineBefore })
      } else if (c === '/' && startsRegex(tokens.at(-1))) {
        this.skipRegex()
        tokens.push({ kind: 'regex', value: this.src.slice(start, this.pos), start, end: this.pos, newlineBefore })
      } else {
        const value = PUNCTUATORS.find((p) => this.src.startsWith(p, start)) ?? c
        this.pos += value.length
        if (value === '{') depth++
        if (value === '}') depth--
        tokens.push({ kind: 'punct', value, start, end: this.pos, newlineBefore })
      }
    }
  }

  /** Skips whitespace and comments; tells whether a line break was among them. */
  private skipSpaceAndComments(): boolean {
    let newline = false
    while (this.pos < this.src.length) {
      const c = this.src[this.pos]!
      if (c === '\n') {
        newline = true
        this.pos++
      } else if (/\s/.test(c)) {
        this.pos++
      } else if (this.src.startsWith('//', this.pos)) {
        const end = this.src.indexOf('\n', this.pos)
        this.pos = end < 0 ? this.src.length : end
      } else if (this.src.startsWith('/*', this.pos)) {
        const end = this.src.indexOf('*/', this.pos + 2)
        const stop = end < 0 ? this.src.length : end + 2
        if (this.src.slice(this.pos, stop).includes('\n')) newline = true
        this.pos = stop
      } else {
        break
      }
    }
    return newline
  }

  private readQuoted(quote: string): string {
    let value = ''
    this.pos++
    while (this.pos < this.src.length && this.src[this.pos] !== quote && this.src[this.pos] !== '\n') {
      value += this.src[this.pos] === '\\' ? this.readEscape() : this.src[this.pos++]
    }
    this.pos++
    return value
  }

  private readTemplate(): { kind: 'template'; quasis: string[]; parts: Token[][] } {
    const quasis: string[] = []
    const parts: Token[][] = []
    let quasi = ''
    this.pos++
    while (this.pos < this.src.length && this.src[this.pos] !== '`') {
      if (this.src.startsWith('${', this.pos)) {
        this.pos += 2
        quasis.push(quasi)
        quasi = ''
        parts.push(this.run(true))
      } else {
        quasi += this.src[this.pos] === '\\' ? this.readEscape() : this.src[this.pos++]
      }
    }
    this.pos++
    quasis.push(quasi)
    return { kind: 'template', quasis, parts }
  }

  /** The common escapes; others (\u…, \x…) are kept as written, which only matters for odd paths. */
  private readEscape(): string {
    const next = this.src[this.pos + 1] ?? ''
    this.pos += 2
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '0': '\0', '\n': '' }
    return simple[next] ?? next
  }

  private skipRegex(): void {
    let inClass = false
    this.pos++
    while (this.pos < this.src.length && this.src[this.pos] !== '\n') {
      const c = this.src[this.pos++]
      if (c === '\\') this.pos++
      else if (c === '[') inClass = true
      else if (c === ']') inClass = false
      else if (c === '/' && !inClass) break
    }
    while (/[a-z]/.test(this.src[this.pos] ?? '')) this.pos++
  }
}

function startsRegex(previous: Token | undefined): boolean {
  if (previous === undefined) return true
  if (previous.kind === 'punct') return REGEX_AFTER_PUNCT.has(previous.value)
  return previous.kind === 'ident' && REGEX_AFTER_WORD.has(previous.value)
}
