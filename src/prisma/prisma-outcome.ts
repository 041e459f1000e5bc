/**
 * What a finished Prisma command means for the run: nothing (it succeeded), or the error that stops
 * it, in words that say what to do. Electric's answers found in Prisma's output are explained
 * (explain-proxy-error.ts) and ride on the error as findings; a migration Prisma recorded as failed
 * gets the way past it. Every error carries Prisma's own cause, so that it stands alone (`--json` has
 * no "above").
 *
 * Exit code 130 means Ctrl-C only when electrify stopped the child (`aborted`). Prisma exits 130 by
 * itself when `migrate dev` wants to reset the database, or when a prompt is answered "no": that is
 * a failure (exit 1), never an interruption.
 */
import path from 'node:path'
import { stripVTControlCharacters } from 'node:util'
import { ElectrifyError } from '../errors.js'
import type { Finding } from '../findings.js'
import { explainProxyError, proxyErrorFinding, type ProxyErrorExplanation } from '../proxy/explain-proxy-error.js'
import { stopOnErrors } from '../rules/gate.js'
import type { PrismaRun } from './run-prisma.js'

/** Stops the run when a Prisma step before any migration of electrify's was applied failed; Prisma's own output has already been shown. */
export function stopOnFailedStep(run: PrismaRun, what: string): void {
  if (run.aborted) throw interrupted(what)
  if (run.exitCode === 0) return
  const exitCode = failureExitCode(run)
  const explained = explainProxyError(run.output)
  if (explained) {
    // A pending migration that Prisma applied first was refused by Electric, or PostgreSQL answered.
    const finding = proxyErrorFinding(explained)
    const stepRecord = recorded(explained, run, '<migration>', 'its folder')
    stopOnErrors([finding], () => ({
      code: 'migrate/prisma-failed',
      message: `${what} failed: ${refusal(explained)}`,
      exitCode,
      findings: [finding],
      hint: `${explained.fix}${stepRecord ? ` Prisma recorded that pending migration as failed${stepRecord.where}: ${stepRecord.advice}` : ''}`,
    }))
  }
  if (needsReset(run)) throw resetRefused(what, run, 'nothing was changed')
  const failed = /The `([^`]+)` migration started at [^\n]* failed/.exec(run.output)
  if (failed) {
    throw new ElectrifyError(`${what} failed: Prisma recorded migration ${failed[1]} as failed, and applies nothing until that is resolved`, {
      code: 'migrate/prisma-failed',
      exitCode,
      hint: failedMigrationAdvice(failed[1]!, `the folder ${failed[1]}`),
    })
  }
  throw new ElectrifyError(`${what} failed with exit code ${run.exitCode}; nothing else was changed. Prisma said:\n  ${prismaCause(run.output)}`, {
    code: 'migrate/prisma-failed',
    exitCode,
    hint: 'Fix the problem Prisma reports, then run electrify again.',
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
    const applyRecord = recorded(explained, run, target.name, path.dirname(where))
    stopOnErrors([finding], () => ({
      code: 'migrate/apply-failed',
      message: `applying ${target.name} through the proxy failed: ${refusal(explained)}`,
      file: target.file,
      findings: [...context.findings, finding],
      hint: `${explained.fix} Nothing of ${target.name} was applied${
        applyRecord ? ` (${explained.answeredBy === 'PostgreSQL' ? 'PostgreSQL' : 'the proxy'} rolled it back), but Prisma recorded it as failed${applyRecord.where}: ${applyRecord.advice}` : '.'
      }`,
    }))
  }
  if (needsReset(run)) throw resetRefused(what, run, `${target.name} was not applied and keeps its ENABLE ELECTRIC statements`)
  throw new ElectrifyError(`applying ${target.name} through the proxy failed (${what} exited ${run.exitCode}). Prisma said:\n  ${prismaCause(run.output)}`, {
    code: 'migrate/apply-failed',
    file: target.file,
    exitCode: failureExitCode(run),
    hint:
      `The migration keeps its ENABLE ELECTRIC statements. Fix the cause Prisma reports in ${where} or the schema; ` +
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
  return `${explained.sentence}\n  ${explained.answeredBy} answered: ${explained.raw.replaceAll('\n', '\n  ')}`
}

/**
 * After a refused migration: Prisma's record of it, and how to get past it. None for the shadow
 * database (Prisma throws it away); a migration PostgreSQL refused is fine, only its URL was wrong;
 * one Electric refused must change.
 */
function recorded(explained: ProxyErrorExplanation, run: PrismaRun, name: string, folder: string): { where: string; advice: string } | undefined {
  if (/shadow database/i.test(run.output)) return undefined
  if (explained.answeredBy === 'PostgreSQL') {
    return { where: ' in that database', advice: `run \`prisma migrate resolve --rolled-back ${name}\` with the same URL, then run electrify again with the proxy URL.` }
  }
  return { where: '', advice: failedMigrationAdvice(name, folder) }
}

function resetRefused(what: string, run: PrismaRun, changed: string): ElectrifyError {
  const said = prismaCause(run.output, /^(Drift detected|The migration|The following migration|We need to reset)/)
  return new ElectrifyError(`${what} stopped: Prisma wants to reset the database, which deletes all its data; electrify does not let it, and ${changed}. Prisma said:\n  ${said}`, {
    code: 'migrate/prisma-reset-needed',
    exitCode: failureExitCode(run),
    hint:
      'If a migration was edited after it was applied, restore it as it was applied (`git diff`, `git checkout -- <file>`); ' +
      'if the database was changed outside the migrations, bring it back in line with them. Then run electrify again.',
  })
}

/** A failed Prisma command's exit code for electrify's own exit: its own, except 130, which would read as Ctrl-C. */
function failureExitCode(run: PrismaRun): number {
  return run.exitCode === 130 ? 1 : run.exitCode
}

/** `prisma migrate dev` found drift or an edited migration and stopped (exit 130) rather than reset the database. */
function needsReset(run: PrismaRun): boolean {
  return run.exitCode === 130 && /prisma migrate reset/.test(run.output) && /All data will be lost/.test(stripVTControlCharacters(run.output))
}

/**
 * Prisma's error in its own words, a few lines: from the first line `start` matches (default: its first
 * `Error…` line) on, else its last lines.
 */
export function prismaCause(output: string, start = /^Error\b/): string {
  const lines = stripVTControlCharacters(output)
    .split(/\r?\n/)
    .map((line) => line.trim())
  const from = lines.findIndex((line) => start.test(line))
  const shown = from === -1 ? lines.filter(Boolean).slice(-6) : lines.slice(from).filter(Boolean).slice(0, 8)
  return shown.length ? shown.join('\n  ') : '(no output)'
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
