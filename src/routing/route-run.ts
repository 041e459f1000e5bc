/**
 * The routing of one electrify run (`migrate`, each run of `watch`), gathered from the project: how its
 * Prisma connects (schema and prisma.config.*), the installed Prisma's major version, and the variables
 * its Prisma would see (the environment and the `.env` files). Every Prisma command of the run is
 * routed before the first one starts, so that a refusal stops the run with nothing created.
 */
import { findPrismaVersion } from '../prisma/find-prisma.js'
import { redactUrl } from '../proxy/redact-url.js'
import type { ProjectLayout } from '../project/find-project.js'
import type { ParsedSchema } from '../schema/types.js'
import { readDatasource } from './read-datasource.js'
import { readPrismaEnv } from './prisma-env.js'
import type { Environment } from './resolve-url.js'
import { routeConnections, type MigrateCommand, type Route, type Routing, type RoutingOverride } from './route-connections.js'

export interface RunRouting {
  /** What a Prisma command of the run gets: variables on top of the inherited environment, arguments appended. */
  for(command: MigrateCommand): Routing
  /** What goes where for the first command (`migrate dev`: the create step, and the apply step without `--deploy`); passwords redacted. */
  routes: Route[]
  /** With `--deploy`, when `migrate deploy` is routed otherwise (no shadow database; on Prisma 7, no `--url`). */
  deployRoutes?: Route[]
}

export interface RunRoutingOptions {
  /** Where the project's Prisma is installed (the package root): its version decides the rules. */
  packageRoot: string
  /** The environment the Prisma child inherits. */
  env: Environment
  override?: RoutingOverride
}

export async function routeForRun(
  project: { schema: ParsedSchema; layout: Pick<ProjectLayout, 'root' | 'schemaPath' | 'configFile'> },
  commands: readonly MigrateCommand[],
  proxyUrl: string,
  options: RunRoutingOptions,
): Promise<RunRouting> {
  const { layout } = project
  const [datasource, version, prismaEnv] = await Promise.all([
    readDatasource(project.schema, layout),
    findPrismaVersion(options.packageRoot),
    readPrismaEnv({ cwd: layout.root, schemaPath: layout.schemaPath, env: options.env }),
  ])
  const routings = new Map<MigrateCommand, Routing>()
  for (const command of commands) {
    routings.set(command, routeConnections({ datasource, prismaMajor: version?.major, command, proxyUrl, env: prismaEnv.env, override: options.override }))
  }
  const routingFor = (command: MigrateCommand): Routing => {
    const routing = routings.get(command)
    if (!routing) throw new Error(`${command} was not routed`) // a bug: the run routes every command it runs up front
    return routing
  }
  const first = routingFor(commands[0]!)
  const deploy = routings.get('migrate deploy')
  const others = deploy && deploy !== first && !sameConnections(deploy, first) ? { deployRoutes: deploy.routes } : {}
  return { for: routingFor, routes: first.routes, ...others }
}

/** A command's arguments as they may be shown: the routing's `--url` value redacted. */
export function shownArgs(args: readonly string[], routing: Pick<Routing, 'args'>): string[] {
  return [...args, ...routing.args.map((arg, i) => (routing.args[i - 1] === '--url' ? redactUrl(arg) : arg))]
}

/** Whether `deploy` connects as `migrate dev` does, apart from the shadow database only `migrate dev` uses. */
function sameConnections(deploy: Routing, dev: Routing): boolean {
  const key = (routing: Routing) => JSON.stringify(routing.routes.filter((r) => r.role !== 'shadow'))
  return key(deploy) === key(dev)
}

/** The routes a run reports (the `connection` event, the outcome's `proxy`). */
export type ShownRoutes = Pick<RunRouting, 'routes' | 'deployRoutes'>
