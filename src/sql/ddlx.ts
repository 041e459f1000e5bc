/**
 * DDLX, Electric's SQL extension, recognised from scanner tokens. Postgres cannot parse it; Electric's
 * proxy notices a DDLX statement because Postgres fails at the word ELECTRIC, so electrify only calls
 * this for statements that failed to parse there.
 *
 * Grammar (Electric 0.x): `ALTER TABLE <name> ENABLE|DISABLE ELECTRIC` and
 * `ELECTRIC ENABLE|DISABLE|GRANT|REVOKE|ASSIGN|UNASSIGN|SQLITE …`. Only ENABLE is switched on by default;
 * the others parse but the proxy answers EX001 "<TAG> is currently unsupported".
 */
import { DEFAULT_SCHEMA, resolveIdentifier, type TableName } from './identifiers.js'

export type Ddlx =
  | { kind: 'enable'; table: TableName }
  /** Valid DDLX that Electric 0.x rejects by default; `tag` is e.g. `ELECTRIC DISABLE`. */
  | { kind: 'unsupported'; tag: string; table?: TableName }
  | { kind: 'invalid'; reason: string }

/** The part of a scanner token this module needs. */
export interface WordToken {
  text: string
  /** True for identifiers and keywords, quoted or not: anything that can name a table. */
  isWord: boolean
}

const UNSUPPORTED_COMMANDS = new Set(['GRANT', 'REVOKE', 'ASSIGN', 'UNASSIGN', 'SQLITE'])

/** Returns undefined when the tokens are not DDLX at all (no ELECTRIC where DDLX has it). */
export function recognizeDdlx(tokens: readonly WordToken[]): Ddlx | undefined {
  const words = tokens.map((t) => (t.isWord && !t.text.startsWith('"') ? t.text.toUpperCase() : t.text))
  if (words[0] === 'ELECTRIC') return electricCommand(tokens, words)
  if (words[0] === 'ALTER' && words.at(-1) === 'ELECTRIC') return alterTableCommand(tokens, words)
  return words.includes('ELECTRIC') ? { kind: 'invalid', reason: 'ELECTRIC in an unknown position' } : undefined
}

function electricCommand(tokens: readonly WordToken[], words: string[]): Ddlx {
  const command = words[1]
  if (command === 'ENABLE' || command === 'DISABLE') {
    const table = tableName(tokens.slice(2))
    if (!table) return { kind: 'invalid', reason: `ELECTRIC ${command} needs one table name` }
    return command === 'ENABLE' ? { kind: 'enable', table } : { kind: 'unsupported', tag: 'ELECTRIC DISABLE', table }
  }
  if (command && UNSUPPORTED_COMMANDS.has(command)) return { kind: 'unsupported', tag: `ELECTRIC ${command}` }
  return { kind: 'invalid', reason: 'unknown ELECTRIC command' }
}

function alterTableCommand(tokens: readonly WordToken[], words: string[]): Ddlx {
  const action = words.at(-2)
  if (words[1] !== 'TABLE' || (action !== 'ENABLE' && action !== 'DISABLE')) {
    return { kind: 'invalid', reason: 'expected ALTER TABLE <name> ENABLE ELECTRIC' }
  }
  const table = tableName(tokens.slice(2, -2))
  if (!table) return { kind: 'invalid', reason: 'ALTER TABLE … ELECTRIC needs one table name' }
  return action === 'ENABLE' ? { kind: 'enable', table } : { kind: 'unsupported', tag: 'ELECTRIC DISABLE', table }
}

/** `ident` or `schema . ident`, nothing else. */
function tableName(tokens: readonly WordToken[]): TableName | undefined {
  if (tokens.length === 1 && tokens[0].isWord) return { schema: DEFAULT_SCHEMA, name: resolveIdentifier(tokens[0].text) }
  if (tokens.length === 3 && tokens[0].isWord && tokens[1].text === '.' && tokens[2].isWord) {
    return { schema: resolveIdentifier(tokens[0].text), name: resolveIdentifier(tokens[2].text) }
  }
  return undefined
}
