/**
 * Electric's answers, found in the output of a failed Prisma command, in plain words (pure).
 *
 * Prisma prints a database error differently depending on its engine: the native engine shows
 * `Database error code: EX007` and the message, the WebAssembly engine with a driver adapter only
 * `Error querying the database: ERROR: <message>`. So answers are recognised by their message, as
 * Electric 0.x words them (Electric.Postgres.Proxy.Errors and the `electric.electrify` procedure), and
 * by their code where Prisma shows one. PostgreSQL's own syntax error at `ELECTRIC` is explained too: it
 * means a connection reached PostgreSQL without going through Electric's proxy.
 */
import { proxyAnswerCode, type ProxyAnswerCode } from '../codes.js'
import type { Finding } from '../findings.js'

export interface ProxyErrorExplanation {
  /** Electric's (or Postgres's) code: `EX007`, `00000`, `42P01`, …; `EX???` for an EX code Prisma did not show. */
  electricCode: string
  /** Stable identifier for findings, `proxy/<electricCode>`. */
  code: ProxyAnswerCode
  /** One plain sentence: what Electric refused and why. */
  sentence: string
  /** What to do about it. */
  fix: string
  /** The error as Electric answered it (Prisma's line(s), trimmed). */
  raw: string
  /** Who answered: Electric, or PostgreSQL itself (the connection did not go through Electric's proxy). */
  answeredBy: 'Electric' | 'PostgreSQL'
}

/** An explained proxy answer as a finding, with Electric's code and its raw words kept. */
export interface ProxyErrorFinding extends Finding {
  electricCode: string
  raw: string
}

/** `file`: the migration Electric refused, when it is known. */
export function proxyErrorFinding(explained: ProxyErrorExplanation, file?: string): ProxyErrorFinding {
  const { code, sentence, fix, electricCode, raw } = explained
  return { severity: 'error', code, message: sentence, file, hint: fix, electricCode, raw }
}

interface Pattern {
  code: string
  /** Matched against Prisma's output; capture groups feed `explain`. */
  pattern: RegExp
  explain(match: RegExpMatchArray): { sentence: string; fix: string }
  /** Answers PostgreSQL gives itself, with no proxy in between. */
  answeredBy?: 'PostgreSQL'
}

const ADDITIVE = 'Electric only allows adding columns and creating or dropping indexes on an electrified table'
const DROP_TABLE_FIX = `Keep the model in the Prisma schema (stop using it instead), then recreate the migration.`
const EDIT = 'change the schema back (or edit the migration) so the migration only adds columns or indexes to it'

/** `"public"."Post"` → `"Post"`, `"other"."T"` stays. */
function table(shown: string | undefined): string {
  if (!shown) return 'the table'
  const quoted = /^"?public"?\.("(?:[^"]|"")*")$/.exec(shown)
  if (quoted) return quoted[1]!
  const plain = /^"?public"?\.([^".]+)$/.exec(shown)
  return plain ? `"${plain[1]}"` : shown
}

const PATTERNS: Pattern[] = [
  {
    code: 'EX001',
    pattern: /(ELECTRIC [A-Z]+)(?: `[^`]*`)? ?is currently unsupported/,
    explain: (m) => ({
      sentence: `Electric 0.x does not support \`${m[1]}\`: of its DDLX only ENABLE ELECTRIC is switched on.`,
      fix: `Remove the ${m[1]} statement from the migration.`,
    }),
  },
  {
    code: 'EX002',
    pattern: /Cannot rename electrified table (\S+)/,
    explain: (m) => ({ sentence: `Electric refused to rename the electrified table ${table(m[1])}: ${ADDITIVE}.`, fix: `Keep the table name (\`@@map\` the model to the old name), then recreate the migration.` }),
  },
  {
    code: 'EX003',
    pattern: /Cannot rename property of electrified table (\S+)/,
    explain: (m) => ({ sentence: `Electric refused to rename part of the electrified table ${table(m[1])}: ${ADDITIVE}.`, fix: `Remove the rename from the migration.` }),
  },
  {
    code: 'EX004',
    pattern: /Cannot drop electrified table (\S+)/,
    explain: (m) => ({ sentence: `Electric refused to drop the electrified table ${table(m[1])}: ${ADDITIVE}.`, fix: DROP_TABLE_FIX }),
  },
  {
    code: 'EX100',
    pattern: /Cannot DROP Electrified table (\S+)/,
    explain: (m) => ({ sentence: `Electric refused to drop the electrified table ${table(m[1])}: ${ADDITIVE}.`, fix: DROP_TABLE_FIX }),
  },
  {
    code: 'EX005',
    pattern: /Cannot electrify "(.+?)" because some of its columns have types not supported by Electric:[ \t]*(?:\n((?: {2}\S.*(?:\n|$))+))?/,
    explain: (m) => ({
      sentence: `Electric refused to electrify ${table(m[1])} because of column types it does not support${m[2] ? ` (${columnList(m[2])})` : ''}.`,
      fix: `Change those fields to supported types (no \`@db.VarChar(n)\` length, no \`Decimal\`, no \`@db.Json\`, no lists) before electrifying the model.`,
    }),
  },
  {
    code: 'EX005',
    pattern: /Cannot electrify column of type "?([^"\n]+?)"?\s*$/m,
    explain: (m) => ({
      sentence: `Electric refused a column of type ${m[1]}: a column added to an electrified table needs a supported type without a type modifier (${m[1]!.includes('(') ? 'Prisma writes DateTime as TIMESTAMP(3)' : 'see docs/rules.md'}).`,
      fix: m[1]!.startsWith('timestamp') || m[1]!.startsWith('time')
        ? `Give the new DateTime field \`@db.Timestamp\` (or \`@db.Timestamptz\`) with no argument, or edit the migration to write ${m[1]!.replace(/\(.*$/, '').toUpperCase()} without the precision.`
        : `Use a supported type for the new field (text, int2/4/8, float4/8, bool, uuid, date, time, timestamp, timestamptz, jsonb, bytea, varchar without length, or an enum).`,
    }),
  },
  {
    code: 'EX006',
    pattern: /Cannot electrify "(.+?)" because some of its columns have DEFAULT expression[^\n]*(?:\n((?: {2}\S.*(?:\n|$))+))?/,
    explain: (m) => ({
      sentence: `Electric refused to electrify ${table(m[1])} because columns have a database DEFAULT${m[2] ? ` (${columnList(m[2])})` : ''}.`,
      fix: `Remove \`@default(autoincrement())\`, \`@default(now())\`, \`@default(dbgenerated(…))\` and literal defaults from those fields; \`@default(uuid())\`/\`cuid()\` are fine.`,
    }),
  },
  {
    code: 'EX006',
    pattern: /Cannot electrify column with DEFAULT clause/,
    explain: () => ({
      sentence: `Electric refused a column with a database DEFAULT on an electrified table.`,
      fix: `Remove the \`@default(…)\` from the field (set the value in your app; \`uuid()\`/\`cuid()\` are fine), then recreate the migration.`,
    }),
  },
  {
    code: 'EX007',
    pattern: /Cannot alter column "([^"]*)" of electrified table (\S+)/,
    explain: (m) => ({
      sentence: `Electric refused to alter column "${m[1]}" of the electrified table ${table(m[2])}: ${ADDITIVE} (a table counts as electrified as soon as its ENABLE ELECTRIC runs, also earlier in the same migration).`,
      fix: `If the table is new, move its \`ENABLE ELECTRIC\` to the very end of the migration, after its foreign keys; otherwise ${EDIT}.`,
    }),
  },
  {
    code: 'EX008',
    pattern: /Cannot rename column "([^"]*)" of electrified table (\S+)/,
    explain: (m) => ({ sentence: `Electric refused to rename column "${m[1]}" of the electrified table ${table(m[2])}: ${ADDITIVE}.`, fix: `Keep the column name: \`@map("${m[1]}")\` the field, then recreate the migration.` }),
  },
  {
    code: 'EX009',
    pattern: /Cannot change type of column "([^"]*)" of electrified table (\S+)/,
    explain: (m) => ({ sentence: `Electric refused to change the type of column "${m[1]}" of the electrified table ${table(m[2])}: ${ADDITIVE}.`, fix: `Keep the field's type; add a new field with the new type instead, then recreate the migration.` }),
  },
  {
    code: 'EX010',
    pattern: /Cannot drop column "([^"]*)" of electrified table (\S+)/,
    explain: (m) => ({ sentence: `Electric refused to drop column "${m[1]}" of the electrified table ${table(m[2])}: ${ADDITIVE}.`, fix: `Keep the field in the Prisma schema (make it optional and stop using it), then recreate the migration.` }),
  },
  {
    code: 'EX011',
    pattern: /Cannot electrify column with ([A-Z][A-Z .…]*?) constraint/,
    explain: (m) => ({ sentence: `Electric refused a new column with a ${m[1]} constraint on an electrified table: added columns may have no constraint.`, fix: `Add the column without the ${m[1]} constraint, then recreate the migration.` }),
  },
  {
    code: 'EX012',
    pattern: /Cannot rename constraint "([^"]*)" of electrified table (\S+)/,
    explain: (m) => ({ sentence: `Electric refused to rename constraint "${m[1]}" of the electrified table ${table(m[2])}: ${ADDITIVE}.`, fix: `Keep the constraint name (\`map: "${m[1]}"\` in the schema), then recreate the migration.` }),
  },
  {
    code: 'EX014',
    pattern: /Cannot electrify (\S+) because only tables in the default `public` schema can be electrified/,
    explain: (m) => ({ sentence: `Electric refused to electrify ${m[1]} because it is not in the "public" schema.`, fix: `Remove \`@@schema\` from the model (or electrify only models in "public").` }),
  },
  {
    code: 'EX015',
    pattern: /Cannot electrify (\S+) because it does not have a primary key/,
    explain: (m) => ({ sentence: `Electric refused to electrify ${table(m[1])} because it has no primary key.`, fix: `Give the model an \`@id\` (e.g. \`id String @id @default(uuid())\`) or an \`@@id([…])\`.` }),
  },
  {
    code: 'EX016',
    pattern: /Cannot electrify ENUM (\S+) because it contains unsupported values(?:: ([^\n]*))?/,
    explain: (m) => ({ sentence: `Electric refused the enum ${m[1]} because of ${m[2] ? `the labels ${m[2].trim()}` : 'some of its labels'}: labels must start with a letter and hold only letters, digits and \`_\`.`, fix: `Rename those enum values (or their \`@map("…")\`).` }),
  },
  {
    code: 'EX100',
    pattern: /Invalid destructive migration on Electrified table (\S+)/,
    explain: (m) => ({ sentence: `Electric refused a destructive change to the electrified table ${table(m[1])}: ${ADDITIVE}.`, fix: `${EDIT[0]!.toUpperCase()}${EDIT.slice(1)}.` }),
  },
  {
    code: '00000',
    pattern: /Invalid ELECTRIC statement/,
    explain: () => ({
      sentence: `Electric could not read a DDLX statement in the migration.`,
      fix: `Write it as \`ALTER TABLE "Table" ENABLE ELECTRIC;\` on its own line, ended by a semicolon, with no \`;\` in comments next to it.`,
    }),
  },
  {
    // Electric finds its DDLX where PostgreSQL's parser fails at ELECTRIC and answers it itself: this
    // error means PostgreSQL got the statement. Prisma names the shadow database before the error when
    // it was there (this pattern comes first, and wins over the next at the same place).
    code: '42601',
    answeredBy: 'PostgreSQL',
    pattern: /(?<=shadow database[\s\S]*)syntax error at or near "ELECTRIC"/,
    explain: () => ({
      sentence: `Prisma's shadow database answered as plain PostgreSQL, not through Electric's proxy: replaying the migrations there, it does not understand ENABLE ELECTRIC.`,
      fix: `Let Prisma create its shadow database through the proxy (no shadowDatabaseUrl), or give it a database named prisma_migrate_shadow_db_… reached through the proxy (docs/one-shot.md, "The shadow database").`,
    }),
  },
  {
    code: '42601',
    answeredBy: 'PostgreSQL',
    pattern: /syntax error at or near "ELECTRIC"/,
    explain: () => ({
      sentence: `The server answered as plain PostgreSQL, not Electric's proxy: it does not understand ENABLE ELECTRIC.`,
      fix: `Point the proxy URL, and every connection Prisma Migrate makes (directUrl too), at Electric's migrations proxy: its host, PG_PROXY_PORT (65432 by default) and PG_PROXY_PASSWORD. Migrations with ENABLE ELECTRIC cannot be applied to PostgreSQL directly.`,
    }),
  },
  {
    code: '42P01',
    pattern: /relation "([^"\n]+)" does not exist/,
    explain: (m) => ({
      sentence: `The table ${m[1]} does not exist when the statement naming it runs${m[1]!.includes('.') ? ' (this is how Electric answers ENABLE ELECTRIC for an unknown table)' : ''}.`,
      fix: `Check the name's case: Prisma's tables keep their case, so quote them (\`ALTER TABLE "User" ENABLE ELECTRIC;\`), and put ENABLE after the table's CREATE TABLE.`,
    }),
  },
]

const CODE_SHOWN = [/Database error code: ([0-9A-Z]{5})/, /SqlState\((?:Other\(")?([0-9A-Z]{5})/, /\bcode: "?([0-9A-Z]{5})"?/]

/** The first Electric answer in a failed command's output, explained; undefined when there is none. */
export function explainProxyError(output: string): ProxyErrorExplanation | undefined {
  const text = output.replace(/\r\n/g, '\n')
  const shownCode = CODE_SHOWN.map((p) => p.exec(text)?.[1]).find((c) => c !== undefined)
  let best: { pattern: Pattern; match: RegExpMatchArray } | undefined
  for (const pattern of PATTERNS) {
    const match = pattern.pattern.exec(text)
    if (match && (best === undefined || match.index! < best.match.index!)) best = { pattern, match }
  }
  if (best) {
    const { sentence, fix } = best.pattern.explain(best.match)
    // The code Prisma shows wins: Electric versions number some answers differently (EX004/EX100 for DROP TABLE).
    const electricCode = shownCode && shownCode !== 'P0001' ? shownCode : best.pattern.code
    const answeredBy = best.pattern.answeredBy ?? 'Electric'
    return { electricCode, code: proxyAnswerCode(electricCode), sentence: withCode(sentence, electricCode), fix, raw: rawLines(text, best.match), answeredBy }
  }
  if (shownCode?.startsWith('EX')) {
    const line = new RegExp(`^.*${shownCode}.*$`, 'm').exec(text)?.[0] ?? shownCode
    return {
      electricCode: shownCode,
      code: proxyAnswerCode(shownCode),
      sentence: `Electric refused the migration (${shownCode}).`,
      fix: `See docs/rules.md for what Electric accepts on electrified tables, change the migration accordingly, then run electrify again.`,
      raw: line.trim(),
      answeredBy: 'Electric',
    }
  }
  return undefined
}

function withCode(sentence: string, code: string): string {
  return sentence.replace(/\.$/, ` (${code}).`)
}

/** The matched error as printed: the lines of the match, from the start of its first line to the end of its last. */
function rawLines(text: string, match: RegExpMatchArray): string {
  const start = text.lastIndexOf('\n', match.index!) + 1
  const matchEnd = match.index! + match[0].replace(/\n+$/, '').length
  const lineEnd = text.indexOf('\n', matchEnd)
  const matched = text.slice(start, lineEnd === -1 ? text.length : lineEnd)
  const lines = matched.split('\n').map((l) => l.trim())
  return lines.join('\n  ').replace(/^Error querying the database: /, '')
}

function columnList(lines: string | undefined): string {
  return (lines ?? '')
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean)
    .join(', ')
}
