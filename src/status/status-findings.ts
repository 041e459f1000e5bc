/**
 * What disagrees in a status report, as findings (pure): each names the model or migration (with its
 * file and line) and what to do. `electrify status` and `electrify deploy` report them the same way.
 *
 * - `status/pending`: a migration of the folder is not applied yet (warning).
 * - `status/failed`: Prisma recorded a migration as failed.
 * - `status/not-in-folder`: the database has a migration the folder lacks.
 * - `status/not-created`, `status/not-electrified`: an annotated model no migration creates, or electrifies.
 * - `status/not-synced`: the migration electrifying an annotated model is applied, but Electric does not sync the table.
 * - `status/not-annotated`: Electric syncs a table that no annotation asks for.
 */
import type { Finding } from '../findings.js'
import type { AnalyzedMigration } from '../migrations/analyze-migration.js'
import { explainProxyError } from '../proxy/explain-proxy-error.js'
import { shellQuote } from '../report/shell-quote.js'
import { quoteTableName } from '../sql/identifiers.js'
import type { StatusReport } from './status-report.js'

export interface StatusFindingOptions {
  /** To point at each migration's `migration.sql`. */
  history: readonly Pick<AnalyzedMigration, 'name' | 'file'>[]
  /** How a hint runs electrify: the project's package manager, never fetching (project/package-manager.ts). */
  runner?: readonly string[]
  /** Appended to every electrify command a hint gives, e.g. `['--cwd', 'apps/web']`. */
  fixArgs?: readonly string[]
}

export function statusFindings(report: StatusReport, options: StatusFindingOptions): Finding[] {
  const fileOf = new Map(options.history.map((m) => [m.name, m.file]))
  const fix = (...args: string[]) => `\`${[...(options.runner ?? ['npx', '--no', '--', 'electrify']), ...args, ...(options.fixArgs ?? [])].map(shellQuote).join(' ')}\``
  const findings: Finding[] = []

  for (const name of report.pending) {
    findings.push({
      severity: 'warning',
      code: 'status/pending',
      message: `migration ${name} is not applied yet`,
      file: fileOf.get(name),
      hint: `Apply it through the proxy: ${fix('deploy')}.`,
    })
  }
  for (const failed of report.failed) {
    findings.push({
      severity: 'error',
      code: 'status/failed',
      message: `Prisma recorded migration ${failed.name} as failed (started ${failed.startedAt}); it applies nothing until that is resolved${failed.logs ? `: ${failureOf(failed.logs)}` : ''}`,
      file: fileOf.get(failed.name),
      hint: `Fix what failed, run \`prisma migrate resolve --rolled-back ${failed.name}\` through the proxy, then ${fix('deploy')}.`,
    })
  }
  for (const name of report.notInFolder) {
    findings.push({
      severity: 'error',
      code: 'status/not-in-folder',
      message: `migration ${name} is applied to the database but is not in the migrations folder`,
      hint: 'Run electrify from a checkout that has every migration the database has (pull, or check out the branch that added it).',
    })
  }

  for (const model of report.models) {
    const table = quoteTableName(model.table)
    const at = { file: model.file, line: model.line }
    if (model.state === 'not-created') {
      findings.push({
        severity: 'error',
        code: 'status/not-created',
        message: `model ${model.model} is annotated with @electric, but no migration creates its table ${table}`,
        ...at,
        hint: `Create and electrify its migration (in development, through the proxy): ${fix('--name', `add_${model.table.name.toLowerCase()}`)}.`,
      })
    } else if (model.state === 'not-electrified') {
      findings.push({
        severity: 'error',
        code: 'status/not-electrified',
        message: `model ${model.model} is annotated with @electric, but no migration electrifies its table ${table}${model.synced ? ' (Electric syncs it: it was electrified by hand)' : ''}`,
        ...at,
        hint: `Add the migration that electrifies it (in development, through the proxy): ${fix('--name', `electrify_${model.table.name.toLowerCase()}`)}.`,
      })
    } else if (model.state === 'not-synced') {
      findings.push({
        severity: 'error',
        code: 'status/not-synced',
        message:
          `model ${model.model}: ${model.electrified!.name} electrifies ${table} and is applied, but Electric does not sync it` +
          (report.database.electrifiedTable ? '' : ' (this database has no electric.electrified: Electric has electrified nothing here)'),
        ...at,
        hint:
          `The ENABLE ELECTRIC never reached Electric: the migration was applied around the proxy, or this is not Electric's database. ` +
          `Run \`ALTER TABLE ${table} ENABLE ELECTRIC;\` through the proxy (psql with the proxy URL), or read Electric's database (the proxy URL, or --database-url).`,
      })
    }
  }

  for (const unannotated of report.unannotated) {
    const table = quoteTableName(unannotated.table)
    const by = unannotated.electrified ? `migration ${unannotated.electrified.name} electrifies it` : 'no migration electrifies it (electrified by hand)'
    findings.push({
      severity: 'error',
      code: 'status/not-annotated',
      message: unannotated.model
        ? `Electric syncs ${table}, but its model ${unannotated.model} is not annotated with @electric; ${by}`
        : `Electric syncs ${table}, which no model of the schema maps to; ${by}`,
      file: unannotated.electrified ? fileOf.get(unannotated.electrified.name) : undefined,
      hint: unannotated.model
        ? `Add \`/// @electric\` directly above \`model ${unannotated.model} {\`: Electric 0.x cannot stop syncing a table.`
        : 'Add a model for the table with `/// @electric` (prisma db pull shows it): Electric 0.x cannot stop syncing a table.',
    })
  }
  return findings
}

/** Prisma's logs of a failed migration in a line: Electric's answer explained, else the database's error, else the first line. */
function failureOf(logs: string): string {
  const explained = explainProxyError(logs)
  if (explained) return explained.sentence
  const error = /\bERROR:\s*(.+)/.exec(logs)
  return (error?.[1] ?? logs.trim().split('\n')[0]!).trim()
}
