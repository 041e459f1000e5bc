/**
 * Runs `git` without a shell and collects its output. Plain `node:child_process` on purpose: the
 * pre-commit check must stay light, and even a small process library adds to its start-up.
 */
import { spawn } from 'node:child_process'
import { ElectrifyError } from '../errors.js'

export interface GitResult {
  code: number
  stdout: Buffer
  stderr: string
}

export function runGit(args: readonly string[], options: { cwd: string; input?: string | Buffer; env?: NodeJS.ProcessEnv }): Promise<GitResult> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', [...args], { cwd: options.cwd, env: options.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'] })
    const out: Buffer[] = []
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => out.push(chunk))
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk))
    child.once('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') {
        reject(new ElectrifyError('git is not installed (or not on PATH)', { code: 'git/not-found', exitCode: 2, hint: 'Install git: `check --staged` and `hook install` need it (`check` without --staged does not).' }))
      } else reject(error)
    })
    child.once('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr }))
    child.stdin.on('error', () => {}) // git may exit before reading all of its input; its exit code says why
    child.stdin.end(options.input ?? '')
  })
}

/** Runs git and returns its stdout; a non-zero exit becomes an ElectrifyError with git's own message. */
export async function git(args: readonly string[], options: { cwd: string; input?: string | Buffer; env?: NodeJS.ProcessEnv }): Promise<Buffer> {
  const result = await runGit(args, options)
  if (result.code === 0) return result.stdout
  const message = result.stderr.trim() || `exit code ${result.code}`
  if (/not a git repository/i.test(message)) {
    throw new ElectrifyError(`${options.cwd} is not inside a git repository`, {
      code: 'git/not-a-repository',
      exitCode: 2,
      hint: "Run it inside the project's git repository (or pass --cwd): `check --staged` and `hook install` work on one (`check` without --staged does not need it).",
    })
  }
  throw new ElectrifyError(`git ${args[0]} failed: ${message}`, { code: 'git/failed', exitCode: 2 })
}
