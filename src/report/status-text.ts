/**
 * `electrify status` and `electrify deploy` for people (pure): a table of the annotated models (the
 * migration that creates each, the one that electrifies it, whether Electric syncs it), the migrations
 * that are pending or failed, the tables Electric syncs unasked, and one summary line. The findings,
 * with their fixes, are the reporter's as for every command.
 */
import { quoteTableName } from '../sql/identifiers.js'
import type { MigrationRef, ModelState, StatusReport } from '../status/status-report.js'
import type { Colors } from './colors.js'
import { count } from './format.js'

const STATE: Record<ModelState, string> = {
  synced: 'synced',
  pending: 'pending',
  failed: 'failed',
  'not-synced': 'not synced',
  'not-electrified': 'not electrified',
  'not-created': 'not created',
}

/** The table and the lists, without the summary line ('' when there is nothing to show). */
export function statusBody(report: StatusReport, colors: Colors): string {
  const lines: string[] = []
  if (report.models.length === 0) lines.push(colors.dim('no model is annotated with @electric'))
  else lines.push(...modelTable(report, colors))
  if (report.pending.length) lines.push(`pending: ${report.pending.join(', ')}`)
  if (report.failed.length) lines.push(`${colors.red('failed')}: ${report.failed.map((f) => f.name).join(', ')}`)
  if (report.notInFolder.length) lines.push(`applied but not in the migrations folder: ${report.notInFolder.join(', ')}`)
  if (report.unannotated.length) {
    const tables = report.unannotated.map((u) => `${quoteTableName(u.table)} (${u.model ? `model ${u.model}` : 'no model'}, ${u.electrified ? `electrified by ${u.electrified.name}` : 'electrified by hand'})`)
    lines.push(`Electric also syncs, unannotated: ${tables.join(', ')}`)
  }
  if (!report.database.electrifiedTable) lines.push(colors.dim('no electric.electrified in this database: Electric has electrified nothing here'))
  return lines.join('\n')
}

/** `✓ in sync: …` or `✗ not in sync: …`, with what is out of step counted. */
export function statusSummary(report: StatusReport, colors: Colors): string {
  const { migrations, models } = report
  const applied = `${migrations.applied} of ${count(migrations.total, 'migration')} applied`
  if (report.inSync) {
    const synced = models.length ? `Electric syncs ${models.length === 1 ? 'the annotated table' : `all ${models.length} annotated tables`}` : 'no model is annotated'
    return `${colors.green('✓')} in sync: ${applied}; ${synced}`
  }
  const problems = [
    report.pending.length ? count(report.pending.length, 'pending migration') : '',
    report.failed.length ? count(report.failed.length, 'failed migration') : '',
    report.notInFolder.length ? `${count(report.notInFolder.length, 'migration')} missing from the folder` : '',
    ...(['not-created', 'not-electrified', 'not-synced'] as const).map((state) => {
      const n = models.filter((m) => m.state === state).length
      return n ? `${count(n, 'annotated model')} ${STATE[state]}` : ''
    }),
    report.unannotated.length ? `${count(report.unannotated.length, 'table')} synced without an annotation` : '',
  ].filter(Boolean)
  return `${colors.red('✗')} not in sync: ${problems.join(', ')}; ${applied}`
}

function modelTable(report: StatusReport, colors: Colors): string[] {
  const rows = report.models.map((m) => [m.model, quoteTableName(m.table), migration(m.created), migration(m.electrified), m.synced ? 'yes' : 'no', STATE[m.state]])
  const header = ['model', 'table', 'created by', 'electrified by', 'Electric syncs', 'state']
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')
  return [
    colors.bold(line(header)),
    ...rows.map((cells, i) => {
      const text = line(cells)
      const state = report.models[i]!.state
      return state === 'synced' ? text : state === 'pending' ? colors.yellow(text) : colors.red(text)
    }),
  ]
}

function migration(ref: MigrationRef | null): string {
  if (ref === null) return '—'
  return ref.state === 'applied' ? ref.name : `${ref.name} (${ref.state})`
}
