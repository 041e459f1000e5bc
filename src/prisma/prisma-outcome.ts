/**
 * What a finished Prisma command means for the run: nothing (it succeeded), or the error that stops
 * it, in words that say what to do. Electric's answers found in Prisma's output are explained
 * (explain-proxy-error.ts) and ride on the error as findings; a migration Prisma recorded as failed
 * gets the way past it.
 */
import path from 'node:path'
import { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'
import { explainProxyError, proxyErrorFinding, type ProxyErrorExplanation } from '../proxy/explain-proxy-error.js'
import { stopOnErrors } from '../rules/gate.js'
import type { PrismaRun } from './run-prisma.js'

/** Stops the run when a Prisma step before any migration of electrify's was applied failed; Prisma's own output has already been shown. */
export function stopOnFailedStep(run: PrismaRun, what: string): void {
  if (run.aborted) throw interrupted(what)
  if (run.exitCode === 0) return
  const explained = explainProxyError(run.output)
  if (explained) {
    // A pending migration that Prisma applied first was refused by Electric.
    const finding = proxyErrorFinding(explained)
    stopOnErrors([finding], () => ({
      code: 'migrate/prisma-failed',
      message: `${what} failed: ${refusal(explained)}`,
      exitCode: run.exitCode,
      findings: [finding],
      hint: `${explained.fix} Prisma recorded that pending migration as failed: ${failedMigrationAdvice('<migration>', 'its folder')}`,
    }))
  }
  const failed = /The `([^`]+)` migration started at [^\n]* failed/.exec(run.output)
  if (failed) {
    throw new ElectrifyError(`${what} failed: Prisma recorded migration ${failed[1]} as failed, and applies nothing until that is resolved`, {
      code: 'migrate/prisma-failed',
      exitCode: run.exitCode,
      hint: failedMigrationAdvice(failed[1]!, `the folder ${failed[1]}`),
    })
  }
  throw new ElectrifyError(`${what} failed with exit code ${run.exitCode}; nothing else was changed`, {
    code: 'migrate/prisma-failed',
    exitCode: run.exitCode,
    hint: 'Fix the problem Prisma reports above, then run electrify again.',
  })
}

export interface AppliedMigration {
  name: string
  /** Its migration.sql. */
  file: string
}

/** Stops the run when applying electrify's migration failed; `findings`: the run's so far, carried by the error. */
export function stopOnFailedApply(run: PrismaRun, what: string, target: AppliedMigration, context: { cwd: string; findings: readonly Finding[] }): void {
  if (run.aborted) throw interrupted(what)
  if (run.exitCode === 0) return
  const where = path.relative(context.cwd, target.file)
  const explained = explainProxyError(run.output)
  if (explained) {
    const finding = proxyErrorFinding(explained, target.file)
    stopOnErrors([finding], () => ({
      code: 'migrate/apply-failed',
      message: `applying ${target.name} through the proxy failed: ${refusal(explained)}`,
      file: target.file,
      findings: [...context.findings, finding],
      hint: `${explained.fix} Nothing of ${target.name} was applied (the proxy rolled it back), but Prisma recorded it as failed: ${failedMigrationAdvice(target.name, path.dirname(where))}`,
    }))
  }
  throw new ElectrifyError(`applying ${target.name} through the proxy failed (${what} exited ${run.exitCode})`, {
    code: 'migrate/apply-failed',
    file: target.file,
    hint:
      `The migration keeps its ENABLE ELECTRIC statements. Fix the cause shown above in ${where} or the schema; ` +
      `if Prisma recorded the migration as failed, run \`prisma migrate resolve --rolled-back ${target.name}\`; then run electrify again.`,
  })
}

export function interrupted(what: string): ElectrifyError {
  return new ElectrifyError(`${what} was interrupted`, {
    code: 'migrate/interrupted',
    exitCode: 130,
    hint: 'Run electrify again: it picks up from where it stopped.',
  })
}

/** Electric's answer in one sentence, its own words indented below. */
export function refusal(explained: ProxyErrorExplanation): string {
  return `${explained.sentence}\n  Electric answered: ${explained.raw.replaceAll('\n', '\n  ')}`
}

/**
 * How to get past a migration Prisma recorded as failed. In development (`migrate dev`) Prisma refuses
 * a failed migration that was edited, or whose folder is gone, even once resolved: the record must go.
 */
function failedMigrationAdvice(name: string, folder: string): string {
  return (
    `change the schema, delete ${folder} and Prisma's record of it ` +
    `(\`DELETE FROM _prisma_migrations WHERE migration_name = '${name}'\`), then run electrify again, which creates it anew ` +
    `(with --deploy: fix the migration, run \`prisma migrate resolve --rolled-back ${name}\` and deploy again).`
  )
}
