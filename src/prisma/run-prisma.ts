/**
 * Runs one Prisma CLI command with DATABASE_URL pointing at the proxy. Prisma's output is streamed
 * as it comes (to stderr when stdout is reserved for `--json`) and also kept, so failures can be
 * explained. An abort signal (Ctrl-C) stops the child.
 *
 * Spawned with tinyexec: no shell, Windows `.cmd` shims handled, the child killed if electrify exits,
 * and about 8 ms to import where execa takes about 55 ms, which the one-shot command's 5% budget over
 * bare Prisma notices (docs/performance.md).
 */
import type { Writable } from 'node:stream'
import { x } from 'tinyexec'
import type { PrismaCommand } from './find-prisma.js'

export interface PrismaRun {
  exitCode: number
  /** stdout and stderr interleaved as they arrived. */
  output: string
  /** Set when the run was aborted by the signal. */
  aborted: boolean
}

export interface RunPrismaOptions {
  cwd: string
  env: NodeJS.ProcessEnv
  databaseUrl: string
  stdout: Writable
  stderr: Writable
  signal?: AbortSignal
}

/** A child that ignores SIGTERM after Ctrl-C is killed outright this much later. */
const FORCE_KILL_AFTER_MS = 3000

export async function runPrisma(prisma: PrismaCommand, args: readonly string[], options: RunPrismaOptions): Promise<PrismaRun> {
  const child = x(prisma.file, [...prisma.args, ...args], {
    throwOnError: false,
    signal: options.signal,
    nodeOptions: {
      cwd: options.cwd,
      env: { ...options.env, DATABASE_URL: options.databaseUrl },
      stdio: ['inherit', 'pipe', 'pipe'], // Prisma may ask (data-loss confirmations) when run in a terminal
    },
  })
  let output = ''
  const relay = (to: Writable) => (chunk: Buffer) => {
    output += chunk.toString()
    to.write(chunk)
  }
  child.process?.stdout?.on('data', relay(options.stdout))
  child.process?.stderr?.on('data', relay(options.stderr))
  const forceKill = () => setTimeout(() => child.exitCode === undefined && child.kill('SIGKILL'), FORCE_KILL_AFTER_MS).unref()
  options.signal?.addEventListener('abort', forceKill, { once: true })
  try {
    await child
  } catch (error) {
    // The command could not be started at all (ENOENT, EACCES): report it like a failed run, with the
    // shell's exit code for a command that cannot run.
    const message = `cannot run ${[prisma.file, ...prisma.args].join(' ')}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}\n`
    options.stderr.write(message)
    return { exitCode: 127, output: output + message, aborted: false }
  } finally {
    options.signal?.removeEventListener('abort', forceKill)
  }
  return { exitCode: child.exitCode ?? 1, output, aborted: child.aborted }
}
