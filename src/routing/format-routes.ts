import path from 'node:path'
import type { Route } from './route-connections.js'

/**
 * One line per route, for the progress output, e.g.
 * `direct (DIRECT_URL) → postgresql://postgres:****@localhost:65432/app — Migrate connects here (directUrl)`.
 */
export function formatRoute(route: Route): string {
  const via =
    route.via.kind === 'env' ? route.via.name
    : route.via.kind === 'flag' ? route.via.name
    : route.via.kind === 'literal' ? `literal at ${path.basename(route.via.file)}:${route.via.line}`
    : "Prisma's own"
  const replaces = route.replaces ? ` (was ${route.replaces})` : ''
  return `${route.role} (${via}) → ${route.target}${replaces}${route.note ? ` — ${route.note}` : ''}`
}
