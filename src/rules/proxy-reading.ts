/**
 * Migrations Electric's proxy will misread, refuse or crash on although PostgreSQL reads them fine
 * (pure): the quirks of its statement cutter and DDLX reader (electric-reading.ts, electric-ddlx.ts),
 * DO blocks, and messages with no statement. See docs/rules.md, "How Electric's proxy reads a migration".
 *
 * The DDLX checks need the migration's text (comments are not in its statements): they run on
 * migrations that carry it (`sql`), which is how the commands load them.
 */
import type { Code } from '../codes.js'
import type { Finding } from '../findings.js'
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import type { SqlStatement } from '../sql/statements.js'
import { readElectricDdlx, type DdlxReading } from './electric-ddlx.js'
import { electricCut, electricFindsKeyword, type ElectricCut } from './electric-reading.js'
import { commentAt, scanSqlText, type SqlComment } from './sql-comments.js'

/** A migration with its text, as read (a leading BOM is allowed: the statements' offsets do not count it). */
export type MigrationWithText = AnalyzedMigration & { readonly sql?: string }

export interface ProxyReadingFinding extends Finding {
  file: string
  line: number
  /** The migration's folder name. */
  migration: string
  /** The statement Electric misreads, as written (shortened when long). */
  statement?: string
  /** What Electric answers: `00000`, `42601`; none when its proxy crashes or does not answer. */
  electricCode?: string
}

export function proxyReadingFindings(history: readonly MigrationWithText[]): ProxyReadingFinding[] {
  return history.flatMap((migration) => [...emptyFindings(migration), ...doBlockFindings(migration), ...ddlxFindings(migration)])
}

// ---------------------------------------------------------------- messages with nothing Electric can run

function emptyFindings(migration: MigrationWithText): ProxyReadingFinding[] {
  if (migration.statements.length > 0) return []
  return [
    {
      severity: 'warning',
      code: 'migration/empty',
      file: migration.file,
      line: 1,
      migration: migration.name,
      message:
        'this migration has no statement (only comments, or nothing): Electric\'s proxy never answers such a message, so applying it through the proxy waits forever. Once applied it is harmless (on the shadow database the proxy answers it).',
      hint: `If ${migration.name} is applied nowhere yet, delete its folder, or give it a statement (\`SELECT 1;\`).`,
    },
  ]
}

function doBlockFindings(migration: MigrationWithText): ProxyReadingFinding[] {
  return migration.statements
    .filter((s) => s.kind === 'sql' && /^DO\b/i.test(s.text))
    .map((statement) => ({
      severity: 'error',
      code: 'migration/do-block',
      file: migration.file,
      line: statement.line,
      migration: migration.name,
      statement: shorten(statement.text),
      message:
        "Electric's proxy cannot read a DO block: it drops the connection (\"Unsupported DO...END block in migration\"). It reads every migration Prisma sends through it, also when `prisma migrate dev` replays the history on a shadow database, so with this in the history no migration can be created or applied through Electric; `prisma migrate deploy` fails on it while it is not applied.",
      hint: `If ${migration.name} is applied nowhere yet, run the block as a function instead: \`CREATE FUNCTION electrify_tmp() RETURNS void LANGUAGE plpgsql AS $$ … $$; SELECT electrify_tmp(); DROP FUNCTION electrify_tmp();\`. If it is, squash the history into a baseline migration without DO blocks (Prisma's guide "Squashing migrations").`,
    }))
}

// ---------------------------------------------------------------- DDLX

function ddlxFindings(migration: MigrationWithText): ProxyReadingFinding[] {
  const { statements } = migration
  if (migration.sql === undefined || !statements.some((s) => s.kind === 'ddlx')) return []
  const sql = migration.sql.startsWith('\uFEFF') ? migration.sql.slice(1) : migration.sql
  let comments: SqlComment[] | undefined
  const findings: ProxyReadingFinding[] = []
  for (const [index, statement] of statements.entries()) {
    if (statement.kind !== 'ddlx') continue
    const keyword = keywordOffset(statement)
    const base = { file: migration.file, migration: migration.name, statement: shorten(statement.text) }
    if (!electricFindsKeyword(sql, keyword)) {
      // the proxy answers the whole message with PostgreSQL's error: later DDLX is never read
      findings.push(nonAscii(sql, base, migration.name, statement))
      break
    }
    const cut = electricCut(sql, keyword)
    const reading: DdlxReading = 'text' in cut ? readElectricDdlx(cut.text) : { kind: 'crash', cause: 'cutter', reason: 'a quote that is never closed' }
    if (reading.kind === 'command') continue
    comments ??= scanSqlText(sql).comments
    const neighbours = { before: statements[index - 1]?.end ?? -1, after: statements[index + 1]?.start ?? sql.length + 1 }
    findings.push(explain({ sql, comments, statement, keyword, cut, reading, neighbours }, base))
  }
  return findings
}

interface Misreading {
  sql: string
  comments: readonly SqlComment[]
  statement: SqlStatement
  keyword: number
  cut: ElectricCut
  reading: Exclude<DdlxReading, { kind: 'command' }>
  /** Where the statements before and after this one end and start (-1, length + 1 when there are none). */
  neighbours: { before: number; after: number }
}

/** Why Electric misreads the DDLX statement: the comments around it first, then the DDLX itself. */
function explain(m: Misreading, base: Pick<ProxyReadingFinding, 'file' | 'migration' | 'statement'>): ProxyReadingFinding {
  const { sql, comments, statement, cut, reading } = m
  const crash = reading.kind === 'crash'
  const answers = answerOf(crash)
  const finding = (code: Code, at: number, message: string, hint: string): ProxyReadingFinding => ({
    severity: 'error',
    code,
    line: lineAt(sql, at),
    message,
    hint,
    ...base,
    ...(crash ? {} : { electricCode: '00000' }),
  })
  const ddlx = `the DDLX statement of line ${statement.line}`
  const lineOf = (at: number) => `line ${lineAt(sql, at)}`

  const quote = misleadingQuote(m)
  if (quote !== undefined) {
    return finding(
      'ddlx/comment-quote',
      quote,
      `Electric's proxy takes the ${sql[quote]} in the comment on ${lineOf(quote)} for a quote, so it cuts ${ddlx} out of the migration wrongly, and ${answers}.`,
      `Remove the ${sql[quote]} from that comment (e.g. "do not" for "don't").`,
    )
  }
  if ('text' in cut) {
    if (reading.kind === 'crash' && reading.cause === 'comment') {
      const last = cut.start + sql.slice(cut.start, cut.end).trimEnd().length - 1
      const comment = commentAt(comments, last)
      const at = comment?.start ?? last
      const why =
        cut.end === sql.length
          ? `${ddlx} has no \`;\`, so Electric's proxy reads on to the end of the migration, the comment on ${lineOf(at)} included`
          : commentAt(comments, cut.end)
            ? `the \`;\` in the comment on ${lineOf(cut.end)} ends ${ddlx} for Electric's proxy`
            : `the comment on ${lineOf(at)} comes before the \`;\` of ${ddlx}`
      return finding(
        'ddlx/trailing-comment',
        at,
        `${why}; the DDLX it reads ends in a -- comment with no line end, on which its DDLX reader crashes: ${answerOf(true)}.`,
        `End the statement with \`;\` before any comment: \`${shorten(statement.text)};\``,
      )
    }
    if (cut.start > 0 && commentAt(comments, cut.start - 1)) {
      return finding(
        'ddlx/comment-semicolon',
        cut.start - 1,
        `Electric's proxy cuts DDLX at the nearest \`;\`, also one in a comment: the \`;\` in the comment on ${lineOf(cut.start - 1)} makes it read \`${shorten(cut.text)}\` as ${ddlx}, and it ${answers}.`,
        'Remove the `;` from that comment.',
      )
    }
    const block = comments.find((c) => c.kind === 'block' && c.start < cut.end && c.end > cut.start)
    if (block) {
      return finding(
        'ddlx/block-comment',
        block.start,
        `Electric's DDLX reader does not know /* */ comments: it reads the comment on ${lineOf(block.start)} as part of ${ddlx}, and ${answers}.`,
        'Write that comment with `--` instead of `/* */`, or remove it.',
      )
    }
  }
  if (reading.kind === 'syntax-error' && reading.keywordAsName) {
    const word = reading.keywordAsName
    return finding(
      'ddlx/keyword-name',
      statement.start,
      `\`${word}\` is a word of Electric's DDLX grammar, so Electric cannot read it as an unquoted name: it ${answers}.`,
      `Quote the name, in lower case as PostgreSQL reads it unquoted: \`${quoteWord(statement.text, word)};\``,
    )
  }
  if (reading.kind === 'syntax-error' && !/^(?:alter|electric)\b/i.test(statement.text)) {
    return finding(
      'ddlx/invalid',
      statement.start,
      `the statement before the DDLX on line ${lineAt(sql, m.keyword)} has no \`;\`, so PostgreSQL and Electric read them as one statement, and Electric ${answers}.`,
      'End the statement before the DDLX with `;`.',
    )
  }
  if (reading.kind === 'syntax-error') {
    return finding(
      'ddlx/invalid',
      statement.start,
      `Electric cannot read this DDLX (its grammar stops ${reading.near ? `at \`${reading.near}\`` : 'at its end'}): it ${answers}.`,
      `Write it as \`ALTER TABLE "Table" ENABLE ELECTRIC;\`, one table, its name quoted as created (Electric 0.x runs no other DDLX by default).`,
    )
  }
  return finding(
    'ddlx/crash',
    statement.start,
    `Electric's proxy crashes on this DDLX (${reading.reason}): ${answers}.`,
    reading.cause === 'build' ? 'Remove it: Electric 0.x runs only `ALTER TABLE "Table" ENABLE ELECTRIC;` by default.' : `Close the quote or string in it, or remove it.`,
  )
}

function answerOf(crash: boolean): string {
  return crash
    ? 'it drops the connection (Prisma fails with a connection error, e.g. "external connector error"), so nothing in the migration runs'
    : 'answers `00000 Invalid ELECTRIC statement`, so nothing in the migration runs'
}

function nonAscii(sql: string, base: Pick<ProxyReadingFinding, 'file' | 'migration' | 'statement'>, migration: string, statement: SqlStatement): ProxyReadingFinding {
  const first = sql.search(/[^\x00-\x7f]/) // eslint-disable-line no-control-regex
  const line = lineAt(sql, first)
  return {
    severity: 'error',
    code: 'ddlx/non-ascii',
    ...base,
    line,
    electricCode: '42601',
    message: `Electric's proxy misses the DDLX statement of line ${statement.line} because a non-ASCII character comes before it in the migration (\`${String.fromCodePoint(sql.codePointAt(first)!)}\`, line ${line}): it reads the parser's character position as a byte offset, finds no ELECTRIC there, and answers PostgreSQL's \`42601 syntax error at or near "ELECTRIC"\`; nothing in the migration runs.`,
    hint: `Electric reads DDLX only after ASCII text: take the DDLX statements out of ${migration} and put them in a migration of their own, applied after it (for annotated models \`npx electrify inject --new\` writes one), or remove every non-ASCII character before them.`,
  }
}

/**
 * A quote in a comment that sent the cutter astray: the first one it met on its way out from the
 * keyword, when a quote stayed open on that side or the cut ran into a neighbouring statement.
 */
function misleadingQuote(m: Misreading): number | undefined {
  const { sql, comments, keyword, cut, neighbours } = m
  const inComment = (i: number) => (sql[i] === "'" || sql[i] === '"') && commentAt(comments, i) !== undefined
  const before = (from: number) => {
    for (let i = keyword - 1; i >= from; i--) if (inComment(i)) return i
    return undefined
  }
  const after = (to: number) => {
    for (let i = keyword; i < to; i++) if (inComment(i)) return i
    return undefined
  }
  if ('unbalanced' in cut) return cut.unbalanced === 'before' ? before(0) : after(sql.length)
  if (cut.start <= neighbours.before) return before(cut.start)
  if (cut.end >= neighbours.after) return after(cut.end)
  return undefined
}

const WORDS = /"(?:[^"]|"")*"|'(?:[^']|'')*'|--[^\r\n]*|\/\*[^]*?\*\/|[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/g

/**
 * Where PostgreSQL stops reading a DDLX statement, which is where the proxy looks for ELECTRIC: at its
 * first word (`ELECTRIC ENABLE …`), or at the ELECTRIC after ENABLE/DISABLE (`ALTER TABLE … ENABLE ELECTRIC`).
 */
function keywordOffset(statement: SqlStatement): number {
  const words = [...statement.text.matchAll(WORDS)].filter((w) => /^[A-Za-z]/.test(w[0]))
  const index = words.findIndex((w, i) => /^electric$/i.test(w[0]) && (i === 0 || /^(?:en|dis)able$/i.test(words[i - 1]![0])))
  const word = words[index] ?? words.find((w) => /^electric$/i.test(w[0]))
  return statement.start + (word?.index ?? 0)
}

/** The statement with the unquoted `word` quoted in lower case. */
function quoteWord(text: string, word: string): string {
  return text.replace(new RegExp(`(?<![\\w"$])${word}(?![\\w"$])`), `"${word.toLowerCase()}"`)
}

function lineAt(text: string, offset: number): number {
  let line = 1
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) line++
  return line
}

function shorten(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim()
  return flat.length > 160 ? `${flat.slice(0, 157)}…` : flat
}
