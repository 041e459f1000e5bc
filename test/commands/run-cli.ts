/** Runs the CLI entry point in-process, as `electrify <args>`, and collects what it prints. */
import { PassThrough } from 'node:stream'
import { main } from '../../src/cli/main.js'

export interface CliRun {
  code: number
  stdout: string
  stderr: string
}

export async function cli(args: string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (c) => (out += c))
  stderr.on('data', (c) => (err += c))
  const code = await main(['node', 'electrify', ...args], { stdout, stderr, env: { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined, ...env } })
  return { code, stdout: out, stderr: err }
}
