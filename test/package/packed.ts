/**
 * electrify as users get it: `npm pack` of this checkout (the built dist/, what `files` lets in), and
 * installs of that tarball into fresh temporary projects with `npm ci --offline`.
 *
 * Offline, because the suite reaches no registry: every tarball comes from npm's cache, which the
 * checkout's own `npm ci` filled. A plain `npm install <tarball>` would need the registry's package
 * documents to resolve electrify's dependencies, which `npm ci` does not leave in the cache; so the
 * projects get a package-lock.json written from this checkout's own, holding electrify's runtime
 * dependencies (and any tools a test names, e.g. husky) with their tarball URLs and integrity.
 */
import { execFile } from 'node:child_process'
import { copyFile, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { REPO_ROOT } from '../harness/repo-root.js'

const exec = promisify(execFile)

interface LockEntry {
  version?: string
  resolved?: string
  integrity?: string
  dependencies?: Record<string, string>
  optionalDependencies?: Record<string, string>
  peerDependencies?: Record<string, string>
  [key: string]: unknown
}

interface PackageJson {
  name: string
  version: string
  dependencies?: Record<string, string>
  [key: string]: unknown
}

export interface Packed {
  /** The tarball `npm pack` wrote. */
  file: string
  /** Its package.json, as packed. */
  manifest: PackageJson
  /** The paths in the tarball. */
  files: string[]
}

let packing: Promise<Packed> | undefined

/** `npm pack` of this checkout, once per test file (it packs dist/: `npm test` builds first). */
export function packElectrify(): Promise<Packed> {
  packing ??= (async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'electrify-pack-'))
    process.once('exit', () => void rm(dir, { recursive: true, force: true }))
    const { stdout } = await exec('npm', ['pack', '--json', '--pack-destination', dir], { cwd: REPO_ROOT })
    const [result] = JSON.parse(stdout) as { filename: string; files: { path: string }[] }[]
    const manifest = JSON.parse(await readFile(path.join(REPO_ROOT, 'package.json'), 'utf8')) as PackageJson
    return { file: path.join(dir, result!.filename), manifest, files: result!.files.map((f) => f.path) }
  })()
  return packing
}

export interface InstallOptions {
  /** The project's package.json fields besides its dependencies (`workspaces`, …). */
  packageJson?: Record<string, unknown>
  /** Packages from this checkout's lockfile to install beside electrify (husky, lefthook, …). */
  tools?: string[]
  /** Install electrify in this folder's package (a workspace of the project), not the project's root. */
  workspace?: string
  /** Leave electrify out (a project that only installs tools). */
  withoutElectrify?: boolean
}

/**
 * `npm ci --offline` in `dir` of a project depending (dev) on the packed electrify, as
 * `npm install --save-dev <tarball>` would record it; with `workspace`, in that workspace's package.json,
 * hoisted to the root's node_modules as npm does.
 */
export async function installPacked(dir: string, options: InstallOptions = {}): Promise<void> {
  const packed = await packElectrify()
  const lock = JSON.parse(await readFile(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> }
  await mkdir(path.join(dir, 'vendor'), { recursive: true })
  const tarball = path.join(dir, 'vendor', path.basename(packed.file))
  await copyFile(packed.file, tarball)

  const tools = options.tools ?? []
  const electrify = options.withoutElectrify ? {} : { [packed.manifest.name]: `file:${path.relative(path.join(dir, options.workspace ?? ''), tarball)}` }
  const toolVersions = Object.fromEntries(tools.map((name) => [name, lock.packages[`node_modules/${name}`]!.version!]))
  const rootDevDependencies = { ...toolVersions, ...(options.workspace ? {} : electrify) }
  const packages: Record<string, LockEntry> = {
    '': { name: 'app', ...options.packageJson, devDependencies: rootDevDependencies },
  }
  if (options.workspace) {
    const name = path.basename(options.workspace)
    packages[options.workspace] = { name, version: '1.0.0', devDependencies: electrify }
    packages[`node_modules/${name}`] = { resolved: options.workspace, link: true }
    await writeJson(path.join(dir, options.workspace, 'package.json'), { name, version: '1.0.0', private: true, devDependencies: electrify })
  }
  const registry = (await exec('npm', ['config', 'get', 'registry'], { cwd: dir })).stdout.trim().replace(/\/?$/, '/')
  const wanted = [...tools, ...(options.withoutElectrify ? [] : Object.keys(packed.manifest.dependencies ?? {}))]
  for (const [at, entry] of closure(lock.packages, wanted)) packages[at] = { ...entry, dev: true, resolved: entry.resolved ?? tarballUrl(registry, at, entry.version!) }
  if (!options.withoutElectrify) {
    const { name, version, dependencies, bin, engines, license } = packed.manifest
    packages[`node_modules/${name}`] = { version, resolved: `file:${path.relative(dir, tarball)}`, dev: true, license, dependencies, bin, engines }
  }
  await writeJson(path.join(dir, 'package.json'), { name: 'app', private: true, ...options.packageJson, devDependencies: rootDevDependencies })
  await writeJson(path.join(dir, 'package-lock.json'), { name: 'app', lockfileVersion: 3, requires: true, packages })
  await exec('npm', ['ci', '--offline', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, env: { ...process.env, npm_config_update_notifier: 'false' } })
}

/** The lockfile entries that `names` need, found as Node resolves them (a nested copy first). */
function closure(packages: Record<string, LockEntry>, names: string[]): Map<string, LockEntry> {
  const found = new Map<string, LockEntry>()
  const visit = (from: string, name: string, optional: boolean) => {
    for (let base = from; ; base = base.includes('/node_modules/') ? base.slice(0, base.lastIndexOf('/node_modules/')) : '') {
      const at = `${base ? `${base}/` : ''}node_modules/${name}`
      const entry = packages[at]
      if (entry) {
        if (found.has(at)) return
        found.set(at, entry)
        for (const dep of Object.keys(entry.dependencies ?? {})) visit(at, dep, false)
        for (const dep of Object.keys(entry.optionalDependencies ?? {})) visit(at, dep, true)
        return
      }
      if (!base) {
        if (optional) return // a platform package of another system
        throw new Error(`${name} (needed by ${from || 'the project'}) is not in package-lock.json`)
      }
    }
  }
  for (const name of names) visit('', name, false)
  return found
}

function tarballUrl(registry: string, at: string, version: string): string {
  const name = at.slice(at.lastIndexOf('node_modules/') + 'node_modules/'.length)
  return `${registry}${name}/-/${name.split('/').pop()}-${version}.tgz`
}

async function writeJson(file: string, value: unknown): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true })
  await writeFile(file, `${JSON.stringify(value, null, 2)}\n`)
}
