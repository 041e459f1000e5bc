/** Real git repositories in temporary folders, isolated from the machine's git configuration. */
import { execFile } from 'node:child_process'
import { afterAll, beforeAll } from 'vitest'
import { tempProject } from '../commands/temp-project.js'

/** Keeps the user's or machine's git config (a global core.hooksPath, say) out of the tests, for git run by electrify too. */
export function isolateGitConfig(): void {
  const saved = { global: process.env.GIT_CONFIG_GLOBAL, system: process.env.GIT_CONFIG_NOSYSTEM }
  beforeAll(() => {
    process.env.GIT_CONFIG_GLOBAL = '/dev/null'
    process.env.GIT_CONFIG_NOSYSTEM = '1'
  })
  afterAll(() => {
    restore('GIT_CONFIG_GLOBAL', saved.global)
    restore('GIT_CONFIG_NOSYSTEM', saved.system)
  })
}

function restore(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name]
  else process.env[name] = value
}

export interface GitRepo {
  dir: string
  git(...args: string[]): Promise<string>
}

export async function gitRepo(files: Record<string, string> = {}): Promise<GitRepo> {
  const dir = await tempProject(files, 'electrify-git-')
  const git = (...args: string[]) => runGit(dir, args)
  await git('init', '-q', '-b', 'main')
  await git('config', 'user.email', 'test@example.com')
  await git('config', 'user.name', 'electrify test')
  await git('config', 'commit.gpgsign', 'false')
  return { dir, git }
}

export function runGit(cwd: string, args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile('git', args, { cwd, env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...env } }, (error, stdout, stderr) => {
      if (error) reject(Object.assign(error, { stdout, stderr }))
      else resolve(stdout)
    })
  })
}
