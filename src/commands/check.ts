/**
 * `electrify check`: holds the schema's `@electric` annotations against the migration history and
 * Electric's rules, without a database or the Prisma CLI — fast enough for a git pre-commit hook.
 * With `staged`, it reads what is staged in git (the index) instead of the working tree.
 *
 * read (src/project/read-project.ts) → the last outcome when nothing it depends on changed
 * (check-memo.ts) → else load (load-project.ts) → evaluate (pure, rules/check-outcome.ts) → the outcome,
 * which the reporter prints. Only when a table is not electrified does it ask more, for the fix: which
 * migrations git's HEAD holds (those are never appended to), and with `staged`, what the working tree
 * electrifies. What the analysis needs is imported only when the last outcome does not hold.
 */
import { cacheFileBase } from '../project/cache-file.js'
import { CheckMemo } from '../project/check-memo.js'
import { readProject } from '../project/read-project.js'
import type { CheckAnswer } from '../rules/check-outcome.js'
import { runContext, type RunContext } from '../run-context.js'

export type { CheckFinding } from '../rules/check-findings.js'
export type { CheckedModel } from '../rules/check-outcome.js'

export interface CheckOptions {
  /** `--schema`: a schema file or folder, relative to the context's cwd. */
  schema?: string
  /** Check what is staged in git (the index) rather than the working tree. */
  staged?: boolean
  /** Warnings fail the check too. */
  strict?: boolean
  /** How the fix commands printed run electrify, e.g. `['pnpm', 'exec', 'electrify']` (default `npx --no -- electrify`). */
  runner?: readonly string[]
  /** Appended to every fix command printed, e.g. `['--cwd', 'apps/web']`. */
  fixArgs?: readonly string[]
  /** Keep analyses and the last outcome in node_modules/.cache/electrify (default true); see src/project/check-cache.ts. */
  cache?: boolean
  /**
   * Which migrations git's HEAD holds, asked only when a fix depends on it (default: one `git ls-tree`);
   * the CLI records the answer with the output it replays (cli/check-replay.ts).
   */
  headMigrations?: (migrationsDir: string) => Promise<ReadonlySet<string>>
}

export interface CheckOutcome extends CheckAnswer {
  durationMs: number
  /** Where the time went, for `docs/performance.md` (all but `project` and `read` are 0 when the last outcome held). */
  timingsMs: { project: number; read: number; schema: number; history: number; checks: number; cache: number }
}

export async function check(options: CheckOptions = {}, given: Partial<RunContext> = {}): Promise<CheckOutcome> {
  const started = performance.now()
  const { cwd } = runContext(given)
  const cache = options.cache !== false
  const sources = await readProject({ cwd, schema: options.schema, staged: options.staged })
  const { strict, runner, fixArgs, staged } = options
  const memo = CheckMemo.of<CheckAnswer>(sources, cache ? cacheFileBase(sources.packageRoot, sources.layout) : undefined, { strict, runner, fixArgs, staged })
  const kept = memo.read()
  const committed = options.headMigrations ?? committedMigrations
  if (kept && (kept.committed === undefined || sameSet(kept.committed, await committed(sources.layout.migrationsDir)))) {
    const done = performance.now()
    const { project, read } = sources.timingsMs
    return { ...kept.outcome, durationMs: done - started, timingsMs: { project, read, schema: 0, history: 0, checks: done - started - project - read, cache: 0 } }
  }

  const [{ analyseProject, loadProject }, { evaluate }] = await Promise.all([import('../project/load-project.js'), import('../rules/check-outcome.js')])
  // An invalid schema is a finding like any other: the history is still checked.
  const project = await analyseProject(sources, { cache, invalidSchema: 'finding' })
  const loaded = performance.now()
  let answer = evaluate(project, options)
  if (!answer.findings.some((f) => f.code === 'check/not-electrified')) await memo.write(answer)
  else {
    // The fix depends on git's HEAD (kept with the outcome), and with `staged` on the working tree (not kept).
    const [inHead, workingTree] = await Promise.all([
      committed(project.layout.migrationsDir),
      staged ? loadProject({ cwd, schema: options.schema, cache, invalidSchema: 'finding' }).then((p) => p.history) : undefined,
    ])
    answer = evaluate(project, { ...options, committed: inHead, workingTree })
    if (!staged) await memo.write(answer, inHead)
  }
  const done = performance.now()
  const { project: found, read, schema, history, cache: cached } = project.timingsMs
  return { ...answer, durationMs: done - started, timingsMs: { project: found, read, schema, history, checks: done - loaded, cache: cached } }
}

async function committedMigrations(migrationsDir: string): Promise<ReadonlySet<string>> {
  return (await import('../git/committed-migrations.js')).committedMigrations(migrationsDir)
}

function sameSet(list: readonly string[], set: ReadonlySet<string>): boolean {
  return list.length === set.size && list.every((name) => set.has(name))
}
