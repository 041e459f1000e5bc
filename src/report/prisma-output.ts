/**
 * Prisma's output as electrify shows it (pure): without the terminal control codes Prisma writes even
 * to a pipe (its "Running generate..." line erases itself with cursor movements), and, for a step that
 * succeeded, condensed to the lines that say what Prisma did. The whole output is shown when a step
 * fails, and with `--verbose`.
 */

/** Escape sequences: CSI (`ESC [ … final`), OSC (`ESC ] … BEL|ST`) and two-character ones. */
const CSI = /\u001b\[([0-9;?]*)([ -/]*)([@-~])/g
const OSC = /\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)/g
const SHORT = /\u001b[@-Z\\-_]/g

/**
 * Removes what only a terminal understands: cursor movement, erasing, hiding the cursor, titles. Colours
 * (SGR, `ESC[…m`) stay when `keepColors`; a carriage return that rewrites a line keeps its last text.
 */
export function cleanOutput(text: string, keepColors: boolean): string {
  return text
    .replace(OSC, '')
    .replace(CSI, (sequence, _params, _intermediate, final: string) => (final === 'm' && keepColors ? sequence : ''))
    .replace(SHORT, '')
    .split('\n')
    .map((line) => line.slice(line.replace(/\r+$/, '').lastIndexOf('\r') + 1).replace(/\r+$/, ''))
    .join('\n')
}

/**
 * The lines of Prisma Migrate's output (5, 6 and 7) that say what it did: the migration it created or
 * applied, that the database is in sync, and the data-loss warnings it printed. Everything else
 * (where the schema and config were loaded from, the datasource, generators, update notices) is left
 * out of a successful step.
 */
const SAYS_WHAT_IT_DID = [
  /created the following migration/i,
  /^Applying migration/,
  /^Already in sync/,
  /now in sync with your schema/i,
  /^No pending migrations to apply/,
  /^Database reset successful/,
  /^Drift detected/,
]

/** Prisma's output of a step that succeeded, in the few lines that matter (text already cleaned). */
export function condenseOutput(text: string): string[] {
  const lines = text.split('\n').map((line) => line.trimEnd())
  const kept: string[] = []
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!.trim()
    if (!line) continue
    if (/^The following migration\(s\) have been (created and )?applied/.test(line)) {
      // The migrations are listed below as a tree (`└─ 20240101000000_init/`): name them on the line.
      const names: string[] = []
      for (let j = i + 1; j < lines.length; j++) {
        const entry = /^\s*[└├]─ (\S+)\/$/.exec(lines[j]!)
        if (entry) names.push(entry[1]!)
        else if (lines[j]!.trim() && !/^\s*(migrations\/|[└├│]─? ?migration\.sql)/.test(lines[j]!)) break
      }
      kept.push(names.length ? `${line.replace(/:$/, '')}: ${names.join(', ')}` : line)
    } else if (/^⚠️/.test(line)) {
      // A warning (data loss, changes that cannot be executed) and its bullet points, after a blank line.
      kept.push(line)
      for (let j = i + 1; j < lines.length && (/^\s*•/.test(lines[j]!) || !lines[j]!.trim()); j++) if (lines[j]!.trim()) kept.push(lines[j]!.trim())
    } else if (SAYS_WHAT_IT_DID.some((pattern) => pattern.test(line))) {
      kept.push(line)
    }
  }
  return kept.filter((line, index) => kept.indexOf(line) === index)
}
