/**
 * The text electrify appends to a migration (pure). It goes after every existing statement because
 * Electric treats a table as electrified from its ENABLE on: a foreign key added to it later in the
 * same migration fails with EX007.
 *
 * Electric's proxy cuts each DDLX statement out of the migration between the nearest `;` on either
 * side, comments included (src/rules/electric-reading.ts). So the block starts with a `;` of its own
 * when the migration's last statement has none (PostgreSQL would otherwise read the DDLX as part of
 * it) or when a comment after that statement's `;` holds a `;`, a quote or a block comment, which the
 * proxy would misread as part of the DDLX.
 */
import { scanSqlText } from '../rules/sql-comments.js'
import { quoteTableName, type TableName } from '../sql/identifiers.js'

export const BLOCK_MARKER = '-- electrify: enable Electric sync for annotated models'

export function enableStatement(table: TableName): string {
  return `ALTER TABLE ${quoteTableName(table)} ENABLE ELECTRIC;`
}

/**
 * What to append to `original` so that it ends with ENABLE ELECTRIC for `tables`: '' when there is
 * nothing to add. The original text is never changed, only extended, in its own line-ending style;
 * a file that did not end with a newline still does not.
 */
export function renderAppendix(original: string, tables: readonly TableName[]): string {
  if (tables.length === 0) return ''
  const eol = original.includes('\r\n') ? '\r\n' : '\n'
  const statements = tables.map(enableStatement).join(eol)
  const endsWithEol = original.endsWith('\n')
  const content = original.replace(/^\uFEFF/, '')
  if (content.trim() === '') return `${BLOCK_MARKER}${eol}${statements}${eol}`
  const tail = endsWithEol ? eol : ''
  // Extending electrify's own block at the very end keeps one block instead of stacking markers.
  if (endsWithOwnBlock(content)) return `${endsWithEol ? '' : eol}${statements}${tail}`
  const terminator = needsTerminator(content) ? `;${eol}` : ''
  return `${endsWithEol ? '' : eol}${terminator}${eol}${BLOCK_MARKER}${eol}${statements}${tail}`
}

/** Whether the proxy would not cut DDLX appended to `content` cleanly: see the top of this file. */
function needsTerminator(content: string): boolean {
  const { comments, codeEnd, unterminated } = scanSqlText(content)
  // text that ends inside a quote or comment fails in PostgreSQL whatever follows
  if (unterminated) return false
  if (codeEnd > 0 && content[codeEnd - 1] !== ';') return true
  return comments.some((c) => c.start >= codeEnd && (c.kind === 'block' || /[;'"]/.test(content.slice(c.start, c.end))))
}

function endsWithOwnBlock(content: string): boolean {
  const at = content.lastIndexOf(BLOCK_MARKER)
  if (at === -1) return false
  const after = content.slice(at + BLOCK_MARKER.length).split(/\r?\n/).filter((l) => l.trim() !== '')
  return after.length > 0 && after.every((l) => /^ALTER TABLE .+ ENABLE ELECTRIC;$/.test(l.trim()))
}
