/**
 * Runs one Prisma CLI command with its connections pointed at the proxy (src/routing). It reports the step's start,
 * every chunk of Prisma's output as it comes and its end (the renderer decides what to show), and
 * keeps the output, so failures can be explained. An abort signal (Ctrl-C) stops the child.
 *
 * Spawned with tinyexec: no shell, Windows `.cmd` shims handled, the child killed if electrify exits,
 * and about 8 ms to import where execa takes about 55 ms, which the one-shot command's 5% budget over
 * bare Prisma notices (docs/performance.md). Imported when a command first runs Prisma, also from the
 * bundle (scripts/bundle-cli.js keeps it outside), so that `check` never loads it.
 */
import type { PrismaStep, RunEvent } from '../report/events.js'
import type { Routing } from '../routing/route-connections.js'
import { shownArgs } from '../routing/route-run.js'
import type { RunContext } from '../run-context.js'
import type { PrismaCommand } from './find-prisma.js'

export interface PrismaRun {
  exitCode: number
  /** stdout and stderr interleaved as they arrived. */
  output: string
  /** Set when the run was aborted by the signal. */
  aborted: boolean
}

export interface RunPrismaOptions {
  /** The variables to set and the arguments to add, so that every connection goes through the proxy. */
  routing: Pick<Routing, 'env' | 'args'>
  /** The migration the step applies, for the progress line. */
  migration?: string
}

/** A child that ignores SIGTERM after Ctrl-C is killed outright this much later. */
const FORCE_KILL_AFTER_MS = 3000

export async function runPrisma(
  prisma: PrismaCommand,
  step: PrismaStep,
  args: string[],
  context: Pick<RunContext<RunEvent>, 'cwd' | 'env' | 'signal' | 'report'>,
  options: RunPrismaOptions,
): Promise<PrismaRun> {
  const { signal, report } = context
  const started = performance.now()
  report({ type: 'prisma-start', step, args: shownArgs(args, options.routing), ...(options.migration === undefined ? {} : { migration: options.migration }) })
  const { x } = await import('tinyexec')
  const child = x(prisma.file, [...prisma.args, ...args, ...options.routing.args], {
    throwOnError: false,
    signal,
    nodeOptions: {
      cwd: context.cwd,
      env: { ...context.env, ...options.routing.env },
      stdio: ['inherit', 'pipe', 'pipe'], // Prisma may ask (data-loss confirmations) when run in a terminal
    },
  })
  let output = ''
  const relay = (stream: 'stdout' | 'stderr') => (text: string) => {
    output += text
    report({ type: 'prisma-output', step, stream, text })
  }
  // Decoded as UTF-8 by the streams, so that no character is split between two chunks.
  child.process?.stdout?.setEncoding('utf8').on('data', relay('stdout'))
  child.process?.stderr?.setEncoding('utf8').on('data', relay('stderr'))
  const forceKill = () => setTimeout(() => child.exitCode === undefined && child.kill('SIGKILL'), FORCE_KILL_AFTER_MS).unref()
  signal?.addEventListener('abort', forceKill, { once: true })
  let run: PrismaRun
  try {
    await child
    run = { exitCode: child.exitCode ?? 1, output, aborted: child.aborted }
  } catch (error) {
    // The command could not be started at all (ENOENT, EACCES): report it like a failed run, with the
    // shell's exit code for a command that cannot run.
    const message = `cannot run ${[prisma.file, ...prisma.args].join(' ')}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`
    report({ type: 'prisma-output', step, stream: 'stderr', text: message })
    run = { exitCode: 127, output: output + message, aborted: false }
  } finally {
    signal?.removeEventListener('abort', forceKill)
  }
  report({ type: 'prisma-end', step, exitCode: run.exitCode, aborted: run.aborted, durationMs: performance.now() - started })
  return run
}
