/**
 * The one object every command receives, as graphile-migrate passes its settings: where it runs, its
 * environment and streams, Ctrl-C, and where it reports what it does. The CLI builds it once from the
 * flags (src/cli/run-command.ts); a library caller passes what it wants and gets defaults for the rest.
 */
import path from 'node:path'
import type { Writable } from 'node:stream'
import type { ReportEvent } from './report/events.js'

export type Output = Writable & { isTTY?: boolean }
export type Input = NodeJS.ReadableStream & { isTTY?: boolean }

/** `Event`: what the command reports (migrate: RunEvent, watch: WatchEvent); the CLI's reporter takes them all. */
export interface RunContext<Event = ReportEvent> {
  /** The folder the command runs in (`--cwd`), absolute. */
  cwd: string
  env: NodeJS.ProcessEnv
  stdin: Input
  stdout: Output
  stderr: Output
  /** Aborting it (Ctrl-C) stops a running Prisma child; the command then fails with exit code 130. */
  signal?: AbortSignal
  /** `--json`: stdout carries only JSON. */
  json: boolean
  /** false with `--no-color`. */
  color: boolean
  /**
   * Where the command reports what it does, as it does it (src/report/events.ts). The CLI renders the
   * events (src/report/reporter.ts); the default ignores them.
   */
  report(event: Event): void
}

/** A whole context from a partial one: the process's cwd, environment and streams, no JSON, events ignored. */
export function runContext<Event = ReportEvent>(given: Partial<RunContext<Event>> = {}): RunContext<Event> {
  return {
    env: process.env,
    stdin: process.stdin,
    stdout: process.stdout,
    stderr: process.stderr,
    json: false,
    color: true,
    report: () => {},
    ...given,
    cwd: path.resolve(given.cwd ?? process.cwd()),
  }
}
