/**
 * The first half of loading a project (load-project.ts does the rest): where it is, and the text of its
 * schema and migrations, from the working tree or (`staged`) from the git index. Nothing is parsed, so
 * `check` can tell from this alone whether its last outcome still holds (check-memo.ts).
 */
import { findPackageRoot } from './find-package-root.js'
import { findProject, type ProjectLayout } from './find-project.js'
import { readIndex, readWorkingTree, type ProjectSources } from './read-sources.js'

export interface ReadProject {
  layout: ProjectLayout
  packageRoot: string
  sources: ProjectSources
  timingsMs: { project: number; read: number }
}

export async function readProject(options: { cwd: string; schema?: string; staged?: boolean }): Promise<ReadProject> {
  const started = performance.now()
  const layout = await findProject({ cwd: options.cwd, schema: options.schema })
  const found = performance.now()
  const sources = options.staged ? await readIndex(layout) : await readWorkingTree(layout)
  const read = performance.now()
  return { layout, packageRoot: await findPackageRoot(layout.root), sources, timingsMs: { project: found - started, read: read - found } }
}

