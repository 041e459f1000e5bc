/**
 * How every command's action runs: the run context is built once from the flags, with the reporter as
 * its `report`; the command's result or failure goes through the same reporter. Commands that run
 * Prisma (migrate, watch) also get Ctrl-C as the context's signal.
 */
import path from 'node:path'
import { Reporter } from '../report/reporter.js'
import type { RunContext } from '../run-context.js'
import type { CommandIo, CommonFlags } from './common-options.js'
import { abortOnSigint, Interrupted } from './interrupt.js'

export interface RunCommandOptions {
  /** Ctrl-C aborts the context's signal (the command then stops its Prisma child and fails with 130). */
  interruptible?: boolean
  /** See ReporterOptions.verbose. */
  verbose?: boolean
  /** The exit code of a failure, from the one its error calls for (default: that one). */
  failureExitCode?: (code: number) => number
}

/** Runs `body` in a fresh run context; returns the exit code: body's own, or the failure's. */
export async function runCommand(
  io: CommandIo,
  flags: CommonFlags,
  options: RunCommandOptions,
  body: (context: RunContext, reporter: Reporter) => Promise<number>,
): Promise<number> {
  const interrupt = options.interruptible ? abortOnSigint() : undefined
  const base = { cwd: path.resolve(flags.cwd ?? process.cwd()), env: io.env, stdout: io.stdout, stderr: io.stderr, json: Boolean(flags.json), color: flags.color }
  const reporter = new Reporter({ ...base, stdin: io.stdin, verbose: options.verbose })
  const context: RunContext = { ...base, stdin: io.stdin, signal: interrupt?.signal, report: reporter.event }
  try {
    return await body(context, reporter)
  } catch (error) {
    if (error instanceof Interrupted && !context.json) return error.exitCode // Ctrl-C at a prompt: quietly
    const code = reporter.failed(error)
    return options.failureExitCode ? options.failureExitCode(code) : code
  } finally {
    interrupt?.release()
  }
}
