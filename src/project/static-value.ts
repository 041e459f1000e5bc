import path from 'node:path'
import { tokenize, type Token } from './js-tokens.js'

/**
 * Evaluates the few expression forms a `prisma.config.ts` uses for its paths, without running the file:
 * string and template literals, `+`, top-level `const`s, `__dirname`/`import.meta.dirname`,
 * `process.cwd()`, `path.join`/`path.resolve` (also imported as `join`/`resolve`), `defineConfig({…})`,
 * object literals (with spreads of known objects), and `as …`/`satisfies …`. Anything else evaluates to
 * `unknown`, carrying its source text, so the caller can say exactly what it could not read.
 *
 * Values that depend on the environment (a datasource URL) stay `unknown`, but say how they depend on
 * it (`dynamic`): `env('X')`, `process.env.X`, `a ?? b`, `a || b`, `test ? a : b`, and the spread of a
 * conditional object (`...(test ? { key: a } : {})`), whose keys become conditional values.
 */
export type StaticValue =
  | { kind: 'string'; value: string; start: number }
  | { kind: 'object'; props: Map<string, StaticValue>; opaque: boolean; start: number }
  | { kind: 'unknown'; source: string; start: number; dynamic?: Dynamic }

/** How an `unknown` value depends on the environment, when it is one of the forms the evaluator knows. */
export type Dynamic =
  /** `env('X')` from prisma/config (throws when X is unset or empty: `strict`) or `process.env.X`. */
  | { kind: 'env'; name: string; strict: boolean }
  /** `a ?? b ?? …` or `a || b || …`. */
  | { kind: 'either'; operator: '??' | '||'; options: StaticValue[] }
  /** `test ? then : otherwise`; a branch is undefined where a conditional spread leaves the key out. */
  | { kind: 'conditional'; test: StaticValue; then?: StaticValue; otherwise?: StaticValue }

export interface StaticModule {
  /** The default export (`export default …` or `module.exports = …`), if the file has one. */
  defaultExport: StaticValue | undefined
}

const DECLARATIONS = new Set(['const', 'let', 'var'])
const PATH_FUNCTIONS = new Set(['join', 'resolve'])
const TYPE_OPERATORS = new Set(['as', 'satisfies'])
const METHOD_MODIFIERS = new Set(['async', 'get', 'set', '*'])
const OPENING = new Set(['(', '[', '{'])
const CLOSING = new Set([')', ']', '}'])

/** `dirname` is the config file's folder (`__dirname`), `cwd` the folder Prisma runs in (`process.cwd()`). */
export function evaluateModule(source: string, dirs: { dirname: string; cwd: string }): StaticModule {
  return new Evaluator(source, tokenize(source), dirs).module()
}

class Evaluator {
  /** Top-level `const NAME =` initializers: token index, evaluated on first use. */
  private readonly declarations = new Map<string, number>()
  private readonly values = new Map<string, StaticValue>()
  private pos = 0
  /** How many brackets the current expression is inside: a line break ends a statement only at 0. */
  private nesting = 0
  /** Inside the `then` branch of `test ? then : otherwise`, where `:` ends the expression. */
  private colonEnds = false

  /** The tokens being read: the module's, or those of a template literal's `${…}`. */
  private tokens: Token[]

  constructor(
    private readonly source: string,
    private readonly moduleTokens: Token[],
    private readonly dirs: { dirname: string; cwd: string },
  ) {
    this.tokens = moduleTokens
  }

  module(): StaticModule {
    let defaultExport: number | undefined
    for (const i of this.topLevelIndexes()) {
      const t = this.tokens
      if (isIdent(t[i], 'export') && isIdent(t[i + 1], 'default')) defaultExport = i + 2
      if (isIdent(t[i], 'module') && isPunct(t[i + 1], '.') && isIdent(t[i + 2], 'exports') && isPunct(t[i + 3], '=')) {
        defaultExport = i + 4
      }
      if (DECLARATIONS.has(identValue(t[i]))) this.declare(i)
    }
    return { defaultExport: defaultExport === undefined ? undefined : this.evaluateAt(defaultExport) }
  }

  /** Indexes of the tokens that are not nested in any bracket. */
  private *topLevelIndexes(): Generator<number> {
    let depth = 0
    for (let i = 0; i < this.tokens.length; i++) {
      const t = this.tokens[i]!
      if (t.kind === 'punct' && OPENING.has(t.value)) depth++
      else if (t.kind === 'punct' && CLOSING.has(t.value)) depth--
      else if (depth === 0) yield i
    }
  }

  /** `const NAME (: Type)? = …` — records where the initializer starts. */
  private declare(i: number): void {
    const name = this.tokens[i + 1]
    if (name?.kind !== 'ident') return // destructuring: not followed
    let j = i + 2
    if (isPunct(this.tokens[j], ':')) {
      // Skip the type annotation up to `=` (a `=>` inside a function type is its own token).
      let depth = 0
      while (j < this.tokens.length && !(depth === 0 && isPunct(this.tokens[j], '='))) {
        const t = this.tokens[j++]!
        if (t.kind === 'punct' && (OPENING.has(t.value) || t.value === '<')) depth++
        if (t.kind === 'punct' && (CLOSING.has(t.value) || t.value === '>')) depth--
      }
    }
    if (isPunct(this.tokens[j], '=') && !this.declarations.has(name.value)) this.declarations.set(name.value, j + 1)
  }

  private lookup(name: string, start: number): StaticValue {
    const known = this.values.get(name)
    if (known) return known
    const at = this.declarations.get(name)
    if (at === undefined) return { kind: 'unknown', source: name, start }
    // Mark first, so that a self-referencing constant ends as unknown instead of looping.
    this.values.set(name, { kind: 'unknown', source: name, start })
    const value = this.evaluateAt(at)
    this.values.set(name, value)
    return value
  }

  private evaluateAt(index: number): StaticValue {
    return this.at(this.moduleTokens, index, () => this.expression())
  }

  /** Reads from another position (or another token list: a template's `${…}`), then comes back. */
  private at<T>(tokens: Token[], index: number, read: () => T): T {
    const saved = { tokens: this.tokens, pos: this.pos, nesting: this.nesting, colonEnds: this.colonEnds }
    Object.assign(this, { tokens, pos: index, nesting: 0, colonEnds: false })
    try {
      return read()
    } finally {
      Object.assign(this, saved)
    }
  }

  /** One expression, consumed up to (not including) its end: `,` `;` a closing bracket, or a new statement. */
  private expression(): StaticValue {
    const from = this.pos
    const start = this.peek()?.start ?? this.source.length
    let value = this.alternatives(start)
    if (value && isPunct(this.peek(), '?')) value = this.conditional(value, start)
    // A composite value (`a ?? b`, `t ? a : b`) gets its source here; a constant's keeps its declaration's.
    if (value && this.atEnd()) return value.kind === 'unknown' && value.source === '' ? { ...value, source: this.sourceFrom(start) } : value
    // Not a form we know: skip it whole, from its start, so that brackets stay balanced.
    this.pos = from
    this.skipToEnd()
    return { kind: 'unknown', source: this.sourceFrom(start), start }
  }

  /** The source text from `start` to the end of the last token read. */
  private sourceFrom(start: number): string {
    const end = this.tokens[this.pos - 1]?.end ?? start
    return this.source.slice(start, Math.max(start, end)).trim()
  }

  /** `a ?? b ?? …` or `a || b || …` (one operator throughout, as JavaScript requires for `??`). */
  private alternatives(start: number): StaticValue | undefined {
    const first = this.typed(start)
    const operator = identOrPunct(this.peek())
    if (!first || (operator !== '??' && operator !== '||')) return first
    const options = [first]
    while (isPunct(this.peek(), operator)) {
      this.pos++
      const option = this.typed(this.peek()?.start ?? start)
      if (!option) return undefined
      options.push(option)
    }
    return { kind: 'unknown', source: '', start, dynamic: { kind: 'either', operator, options } }
  }

  /** `test ? then : otherwise`, the `test` already read. */
  private conditional(test: StaticValue, start: number): StaticValue | undefined {
    this.pos++ // ?
    const then = this.untilColon(() => this.expression())
    if (!isPunct(this.next(), ':')) return undefined
    const otherwise = this.expression()
    return { kind: 'unknown', source: '', start, dynamic: { kind: 'conditional', test, then, otherwise } }
  }

  /** Operands joined by `+`, then a non-null `!` and `as …`/`satisfies …`, which change no value. */
  private typed(start: number): StaticValue | undefined {
    let value = this.operand()
    while (value && isPunct(this.peek(), '+')) {
      this.pos++
      const right = this.operand()
      value = value.kind === 'string' && right?.kind === 'string' ? { kind: 'string', value: value.value + right.value, start } : undefined
    }
    if (value && isPunct(this.peek(), '!')) this.pos++
    while (value && TYPE_OPERATORS.has(identValue(this.peek()))) {
      this.pos++
      this.skipType()
    }
    return value
  }

  /** A recognised operand, or undefined (the caller then skips the whole expression as unknown). */
  private operand(): StaticValue | undefined {
    const t = this.next()
    if (!t) return undefined
    switch (t.kind) {
      case 'string':
        return { kind: 'string', value: t.value, start: t.start }
      case 'template':
        return this.template(t)
      case 'punct':
        if (t.value === '{') return this.nested(() => this.object(t.start))
        if (t.value === '(') {
          const inner = this.nested(() => this.expression())
          return isPunct(this.next(), ')') ? inner : undefined
        }
        return undefined
      case 'ident':
        return this.identifierExpression(t)
      default:
        return undefined
    }
  }

  private template(t: Extract<Token, { kind: 'template' }>): StaticValue | undefined {
    let value = t.quasis[0]!
    for (const [i, part] of t.parts.entries()) {
      const v = this.at(part, 0, () => {
        const inner = this.nested(() => this.expression())
        return this.pos === part.length ? inner : undefined
      })
      if (v?.kind !== 'string') return undefined
      value += v.value + t.quasis[i + 1]!
    }
    return { kind: 'string', value, start: t.start }
  }

  private identifierExpression(t: { value: string; start: number }): StaticValue | undefined {
    const name = t.value
    const { dirname, cwd } = this.dirs
    if (name === '__dirname') return { kind: 'string', value: dirname, start: t.start }
    if (name === 'import' && this.eat('.', 'meta', '.', 'dirname')) return { kind: 'string', value: dirname, start: t.start }
    if (name === 'process' && this.eat('.', 'cwd', '(', ')')) return { kind: 'string', value: cwd, start: t.start }
    const variable = this.environmentRead(name)
    if (variable) return { kind: 'unknown', source: this.sourceFrom(t.start), start: t.start, dynamic: { kind: 'env', ...variable } }
    if (name === 'defineConfig' && isPunct(this.peek(), '(')) {
      this.pos++
      const config = this.nested(() => this.expression())
      return isPunct(this.next(), ')') ? config : undefined
    }
    // `path.join(…)`, `path.resolve(…)`, or `join(…)`/`resolve(…)` imported from node:path.
    let fn = name
    if (isPunct(this.peek(), '.') && PATH_FUNCTIONS.has(identValue(this.tokens[this.pos + 1])) && isPunct(this.tokens[this.pos + 2], '(')) {
      fn = identValue(this.tokens[this.pos + 1])
      this.pos += 1 + 1
    }
    if (PATH_FUNCTIONS.has(fn) && isPunct(this.peek(), '(')) return this.nested(() => this.pathCall(fn, t.start))
    return this.lookup(name, t.start)
  }

  /** `env('X')`, `process.env.X` or `process.env['X']`, the first word already read. */
  private environmentRead(word: string): { name: string; strict: boolean } | undefined {
    const t = this.tokens
    const p = this.pos
    if (word === 'env' && isPunct(t[p], '(') && t[p + 1]?.kind === 'string' && isPunct(t[p + 2], ')')) {
      this.pos += 3
      return { name: (t[p + 1] as { value: string }).value, strict: true }
    }
    if (word !== 'process' || !isPunct(t[p], '.') || !isIdent(t[p + 1], 'env')) return undefined
    if (isPunct(t[p + 2], '.') && t[p + 3]?.kind === 'ident') {
      this.pos += 4
      return { name: identValue(t[p + 3]), strict: false }
    }
    if (isPunct(t[p + 2], '[') && t[p + 3]?.kind === 'string' && isPunct(t[p + 4], ']')) {
      this.pos += 5
      return { name: (t[p + 3] as { value: string }).value, strict: false }
    }
    return undefined
  }

  private pathCall(fn: string, start: number): StaticValue | undefined {
    this.pos++ // (
    const args: string[] = []
    while (!isPunct(this.peek(), ')')) {
      const arg = this.expression()
      if (arg.kind !== 'string') return undefined
      args.push(arg.value)
      if (!isPunct(this.peek(), ',')) break
      this.pos++
    }
    if (!isPunct(this.next(), ')')) return undefined
    const value = fn === 'join' ? path.join(...args) : path.resolve(this.dirs.cwd, ...args)
    return { kind: 'string', value, start }
  }

  private object(start: number): StaticValue | undefined {
    const props = new Map<string, StaticValue>()
    let opaque = false
    while (this.peek() && !isPunct(this.peek(), '}')) {
      const t = this.next()!
      if (isPunct(t, '...')) {
        const spread = this.expression()
        if (spread.kind === 'object') {
          for (const [k, v] of spread.props) props.set(k, v)
          opaque ||= spread.opaque
        } else if (!this.conditionalSpread(spread, props)) {
          opaque = true
        }
      } else if ((t.kind === 'ident' || t.kind === 'string') && isPunct(this.peek(), ':')) {
        this.pos++
        props.set(t.value, this.expression())
      } else if (t.kind === 'ident' && (isPunct(this.peek(), ',') || isPunct(this.peek(), '}'))) {
        props.set(t.value, this.lookup(t.value, t.start)) // shorthand `{ schema }`
      } else {
        // A method, getter, computed key…: its value is unknown, and a computed key could be any name.
        if (isPunct(t, '[')) opaque = true
        // The name follows `async`, `get`, `set` or `*` (`async adapter() {…}`).
        const key = METHOD_MODIFIERS.has(identOrPunct(t)) && (this.peek()?.kind === 'ident' || this.peek()?.kind === 'string') ? this.next()! : t
        if (key.kind === 'ident' || key.kind === 'string') props.set(key.value, { kind: 'unknown', source: key.value, start: key.start })
        this.skipToEnd()
      }
      if (isPunct(this.peek(), ',')) this.pos++
      else if (!isPunct(this.peek(), '}')) this.skipToEnd()
    }
    return isPunct(this.next(), '}') ? { kind: 'object', props, opaque, start } : undefined
  }

  /**
   * `...(test ? { a: x } : {})`: each key of either branch becomes `test ? x : (what it was before)`.
   * False when the spread is not of that form (the object is then opaque).
   */
  private conditionalSpread(spread: StaticValue, props: Map<string, StaticValue>): boolean {
    if (spread.kind !== 'unknown' || spread.dynamic?.kind !== 'conditional') return false
    const dynamic = spread.dynamic
    const { then, otherwise } = dynamic
    if (then?.kind !== 'object' || otherwise?.kind !== 'object' || then.opaque || otherwise.opaque) return false
    for (const key of new Set([...then.props.keys(), ...otherwise.props.keys()])) {
      const before = props.get(key)
      const branches = { then: then.props.get(key) ?? before, otherwise: otherwise.props.get(key) ?? before }
      props.set(key, { kind: 'unknown', source: spread.source, start: spread.start, dynamic: { kind: 'conditional', test: dynamic.test, ...branches } })
    }
    return true
  }

  private atEnd(): boolean {
    const t = this.peek()
    if (!t) return true
    if (t.kind === 'punct') return [',', ';', ')', ']', '}'].includes(t.value) || (this.colonEnds && t.value === ':')
    // Automatic semicolon insertion: at statement level, a word on a new line starts the next statement.
    return this.nesting === 0 && t.newlineBefore
  }

  private nested<T>(read: () => T): T {
    const colonEnds = this.colonEnds
    this.nesting++
    this.colonEnds = false
    try {
      return read()
    } finally {
      this.nesting--
      this.colonEnds = colonEnds
    }
  }

  private untilColon<T>(read: () => T): T {
    const colonEnds = this.colonEnds
    this.colonEnds = true
    try {
      return read()
    } finally {
      this.colonEnds = colonEnds
    }
  }

  /** Skips to the end of the current expression, over balanced brackets. */
  private skipToEnd(): void {
    const from = this.pos
    let depth = 0
    while (this.pos < this.tokens.length) {
      // A word on a new line ends a statement, except as the first word of the expression itself.
      if (depth === 0 && this.atEnd() && (this.pos > from || this.peek()?.kind === 'punct')) return
      const t = this.tokens[this.pos++]!
      if (t.kind !== 'punct') continue
      if (OPENING.has(t.value)) depth++
      else if (CLOSING.has(t.value) && --depth < 0) {
        this.pos--
        return
      }
    }
  }

  /** Skips a type after `as`/`satisfies`; angle brackets count, so `Record<A, B>` is one type. */
  private skipType(): void {
    let angles = 0
    while (this.pos < this.tokens.length && !(angles === 0 && this.atEnd())) {
      const t = this.tokens[this.pos]!
      if (isPunct(t, '<')) angles++
      if (isPunct(t, '>')) angles--
      if (t.kind === 'punct' && OPENING.has(t.value)) this.skipToEnd()
      else this.pos++
    }
  }

  private peek(): Token | undefined {
    return this.tokens[this.pos]
  }

  private next(): Token | undefined {
    return this.tokens[this.pos++]
  }

  /** Consumes the given sequence of punctuation/identifiers if it comes next. */
  private eat(...values: string[]): boolean {
    const match = values.every((v, k) => {
      const t = this.tokens[this.pos + k]
      return (t?.kind === 'punct' || t?.kind === 'ident') && t.value === v
    })
    if (match) this.pos += values.length
    return match
  }
}

function isPunct(t: Token | undefined, value: string): boolean {
  return t?.kind === 'punct' && t.value === value
}

function isIdent(t: Token | undefined, value: string): boolean {
  return t?.kind === 'ident' && t.value === value
}

function identOrPunct(t: Token | undefined): string {
  return t?.kind === 'ident' || t?.kind === 'punct' ? t.value : ''
}

function identValue(t: Token | undefined): string {
  return t?.kind === 'ident' ? t.value : ''
}
