/**
 * The vocabulary of the one output door. Commands report these events as they happen and end with a
 * result or an error; only src/report/reporter.ts decides how they look (lines for people, one JSON
 * document, NDJSON for `watch --json`). Adding a command or a step means adding to these unions:
 * the renderer then says how it looks, and nothing else changes.
 */
import type { CheckOutcome } from '../commands/check.js'
import type { DeployOutcome } from '../commands/deploy.js'
import type { HookInstallOutcome } from '../commands/hook-install.js'
import type { InjectOutcome } from '../commands/inject.js'
import type { MigrateOutcome } from '../commands/migrate.js'
import type { ReadFrom, StatusOutcome } from '../commands/status.js'
import type { LockHolder } from '../fs/lock-holder.js'
import type { Finding } from '../findings.js'
import type { ProxyUrlSource } from '../proxy/resolve-proxy-url.js'
import type { ShownRoutes } from '../routing/route-run.js'
import type { TableName } from '../sql/identifiers.js'

/**
 * The Prisma commands a run performs: `create` (`migrate dev --create-only`), `apply` (`migrate dev` or
 * `migrate deploy` of the new migration), `deploy` (`electrify deploy`'s `migrate deploy` of the whole history).
 */
export type PrismaStep = 'create' | 'apply' | 'deploy'

/** One step of a run that goes through Prisma and the proxy (`migrate`, and each run of `watch`). */
export type RunEvent =
  /** Warnings found before Prisma runs (annotations, Electric's rules): shown then, and not again with the result. */
  | { type: 'findings'; findings: Finding[] }
  /**
   * The proxy URL (password redacted) and where it came from (`label`, in words), and how each of Prisma's
   * connections is pointed at it (`routes`; `deployRoutes` when `--deploy` routes the apply step otherwise).
   */
  | ({ type: 'connection'; url: string; source: ProxyUrlSource; file?: string; label: string } & ShownRoutes)
  /** A Prisma command starts; `migration`: the one it applies, when it applies one. */
  | { type: 'prisma-start'; step: PrismaStep; args: string[]; migration?: string }
  /** Prisma's output, every chunk as it comes, in order: the renderer decides how much to show. */
  | { type: 'prisma-output'; step: PrismaStep; stream: 'stdout' | 'stderr'; text: string }
  | { type: 'prisma-end'; step: PrismaStep; exitCode: number; aborted: boolean; durationMs: number }
  /**
   * ENABLE ELECTRIC appended to a migration: the one Prisma just created, or (`written`) one electrify
   * wrote itself because Prisma found no schema change.
   */
  | { type: 'electrified'; migration: string; file: string; tables: TableName[]; written: boolean }
  /** Another run holds the project's lock: this one waits for it (reported again when the holder changes). */
  | { type: 'lock-waiting'; holder?: LockHolder }
  /** An empty migration that an interrupted run of electrify left (never applied, not committed), removed. */
  | { type: 'leftover-removed'; migration: string; dir: string }

/** Why a `watch` run started: at start, a schema file changed, or migration folders came or went. */
export type RunReason = 'start' | 'schema' | 'migrations'

export type WatchEvent =
  | { type: 'watching'; schemaPath: string; migrationsDir: string }
  /** `files`: the schema files that changed, or the migration folders added or removed (by name). */
  | { type: 'run-start'; run: number; reason: RunReason; files: string[]; name: string }
  /** A step of run `run`, as the one-shot reports it. */
  | { type: 'run-progress'; run: number; event: RunEvent }
  | { type: 'run-done'; run: number; outcome: MigrateOutcome; durationMs: number }
  /** The findings that stopped the run ride on the error (a RulesError). */
  | { type: 'run-failed'; run: number; error: unknown; durationMs: number }
  /**
   * Changes settled, but nothing differs from what the last run saw (its own writes, a save that
   * changed nothing): no run. People are not told; `--json` says it, so that a script (or a test)
   * knows the watcher looked and stays idle.
   */
  | { type: 'unchanged' }
  | { type: 'watcher-error'; error: unknown }
  | { type: 'stopped'; runs: number }

/** The steps of `electrify deploy` besides those it shares with a run (the connection, Prisma's). */
export type DeployEvent =
  /** `electrify --deploy`, the old way, runs `electrify deploy`. */
  | { type: 'deprecated'; option: string; instead: string }
  /** `electrify check` passed (with `warnings` warnings, listed at the end). */
  | { type: 'checked'; annotated: number; migrations: number; warnings: number }
  /** The migrations `prisma migrate deploy` is about to apply. */
  | { type: 'pending'; migrations: string[] }

/** `electrify status` reads the database's state: through the proxy, or straight from the database. */
export type StatusEvent = { type: 'reading' } & ReadFrom

export type ReportEvent = RunEvent | WatchEvent | DeployEvent | StatusEvent

/** How a command ended: its summary line for people, or its JSON document. */
export type CommandResult =
  | { command: 'migrate'; outcome: MigrateOutcome }
  | { command: 'inject'; outcome: InjectOutcome }
  | { command: 'check'; outcome: CheckOutcome }
  | { command: 'hook-install'; outcome: HookInstallOutcome }
  | { command: 'deploy'; outcome: DeployOutcome }
  | { command: 'status'; outcome: StatusOutcome }
