/**
 * routeForRun: a run's routing gathered from a real project folder (schema, prisma.config.ts, `.env`,
 * the installed Prisma's package.json), every command routed before Prisma runs.
 */
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ElectrifyError } from '../../src/errors.js'
import { loadProject } from '../../src/project/load-project.js'
import { routeForRun, shownArgs } from '../../src/routing/route-run.js'
import { tempProject } from '../commands/temp-project.js'

const PROXY = 'postgresql://postgres:proxy_password@localhost:65432/app'
const SHOWN = 'postgresql://postgres:****@localhost:65432/app'
const MODEL = 'model Item {\n  id String @id\n}\n'
const PRISMA_7 = { 'node_modules/prisma/package.json': '{ "name": "prisma", "version": "7.10.1" }' }

async function routed(files: Record<string, string>, commands: Parameters<typeof routeForRun>[1], override = {}) {
  const root = await tempProject(files, 'electrify-route-run-')
  const project = await loadProject({ cwd: root })
  return routeForRun(project, commands, PROXY, { packageRoot: root, env: {}, override })
}

async function refused(promise: Promise<unknown>): Promise<ElectrifyError> {
  const error = await promise.then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(ElectrifyError)
  return error as ElectrifyError
}

describe('routeForRun', () => {
  it("Prisma 7: the config's variables, the shadow URL found in .env under Electric's shadow prefix; deploy routes the same apart from the shadow", async () => {
    const routing = await routed(
      {
        ...PRISMA_7,
        'prisma/schema.prisma': `datasource db {\n  provider = "postgresql"\n}\n${MODEL}`,
        'prisma.config.ts': "import { defineConfig, env } from 'prisma/config'\nexport default defineConfig({ datasource: { url: env('DB_URL'), shadowDatabaseUrl: process.env.SHADOW_DB_URL } })\n",
        '.env': 'SHADOW_DB_URL=postgresql://app:secret@db.example.com:5432/prisma_migrate_shadow_db_app\n',
      },
      ['migrate dev', 'migrate deploy'],
    )
    expect(routing.for('migrate dev').env).toEqual({ DB_URL: PROXY, SHADOW_DB_URL: 'postgresql://postgres:proxy_password@localhost:65432/prisma_migrate_shadow_db_app' })
    expect(routing.for('migrate deploy')).toEqual({ env: { DB_URL: PROXY }, args: [], routes: [{ role: 'main', via: { kind: 'env', name: 'DB_URL' }, target: SHOWN }] })
    expect(routing.routes.map((r) => r.role)).toEqual(['main', 'shadow'])
    expect(routing.routes[1]).toMatchObject({ replaces: 'postgresql://app:****@db.example.com:5432/prisma_migrate_shadow_db_app' })
    expect(routing.deployRoutes).toBeUndefined()
  })

  it('Prisma 7 with a computed url: `--url` for migrate dev; routed together with migrate deploy, refused up front unless --url-var names the variable, and then deploy routes otherwise', async () => {
    const files = {
      ...PRISMA_7,
      'prisma/schema.prisma': `datasource db {\n  provider = "postgresql"\n}\n${MODEL}`,
      'prisma.config.ts': "import { defineConfig } from 'prisma/config'\nimport { databaseUrl } from './db'\nexport default defineConfig({\n  datasource: {\n    url: databaseUrl(),\n  },\n})\n",
    }
    const dev = await routed(files, ['migrate dev'])
    expect(dev.for('migrate dev')).toMatchObject({ env: {}, args: ['--url', PROXY] })
    expect(shownArgs(['migrate', 'dev'], dev.for('migrate dev'))).toEqual(['migrate', 'dev', '--url', SHOWN])

    const error = await refused(routed(files, ['migrate dev', 'migrate deploy']))
    expect(error).toMatchObject({ code: 'routing/url-unknown', line: 5 })
    expect(error.file).toMatch(/prisma\.config\.ts$/)

    const named = await routed(files, ['migrate dev', 'migrate deploy'], { urlVar: 'APP_DB' })
    expect(named.for('migrate deploy')).toMatchObject({ env: { APP_DB: PROXY }, args: [] })
    expect(named.deployRoutes).toEqual([{ role: 'main', via: { kind: 'env', name: 'APP_DB' }, target: SHOWN, note: '--url-var' }])
  })

  it("Prisma 6 (the repository's own): a shadow URL in prisma/.env under another name stops the run, naming the schema's line", async () => {
    const root = await tempProject(
      {
        'prisma/schema.prisma': `datasource db {\n  provider          = "postgresql"\n  url               = env("DATABASE_URL")\n  shadowDatabaseUrl = env("SHADOW_DATABASE_URL")\n}\n${MODEL}`,
        'prisma/.env': 'SHADOW_DATABASE_URL=postgresql://app:secret@db:5432/app_shadow\n',
      },
      'electrify-route-run-',
    )
    const project = await loadProject({ cwd: root })
    const packageRoot = path.resolve('.') // node_modules/prisma here is 6.19.3
    const error = await refused(routeForRun(project, ['migrate dev'], PROXY, { packageRoot, env: {} }))
    expect(error).toMatchObject({ code: 'routing/shadow-name', file: path.join(root, 'prisma/schema.prisma'), line: 4 })
    expect(error.message).toContain('"app_shadow"')
    expect(error.message).not.toContain('secret')
  })
})
