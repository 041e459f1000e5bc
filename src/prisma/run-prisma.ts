/**
 * Runs one Prisma CLI command with DATABASE_URL pointing at the proxy. Prisma's output is streamed
 * as it comes (to stderr when stdout is reserved for `--json`) and also kept, so failures can be
 * explained. An abort signal (Ctrl-C) stops the child.
 */
import type { Writable } from 'node:stream'
import { execa } from 'execa'
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

export async function runPrisma(prisma: PrismaCommand, args: readonly string[], options: RunPrismaOptions): Promise<PrismaRun> {
  const child = execa(prisma.file, [...prisma.args, ...args], {
    cwd: options.cwd,
    env: { ...options.env, DATABASE_URL: options.databaseUrl },
    extendEnv: false,
    stdin: 'inherit', // Prisma may ask (data-loss confirmations) when run in a terminal
    reject: false,
    cancelSignal: options.signal,
    forceKillAfterDelay: 3000,
  })
  let output = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    options.stdout.write(chunk)
  })
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString()
    options.stderr.write(chunk)
  })
  const result = await child
  if (result.failed && result.exitCode === undefined && !result.isCanceled) {
    // The command could not be started at all (ENOENT, EACCES): say so like a failed run.
    output += `${result.shortMessage}\n`
    options.stderr.write(`${result.shortMessage}\n`)
  }
  return { exitCode: result.exitCode ?? 1, output, aborted: Boolean(result.isCanceled) }
}
