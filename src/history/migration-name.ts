/**
 * The name of a migration electrify adds itself (DDLX only, for tables whose migrations are shared):
 * Prisma's style, `<UTC timestamp YYYYMMDDHHMMSS>_electrify_<suffix>`, and sorted after every existing
 * migration, since Prisma applies them in name order. The timestamp is now, or one second after the
 * newest existing timestamp when that is not earlier (a clock behind, or a name from the future): a
 * prefix strictly greater than any other also keeps Electric's migration version (the part before the
 * first `_`) unique.
 */
import { ElectrifyError } from '../errors.js'
import { compareMigrationNames } from '../migrations/migration-order.js'

const STAMP = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})/

export function newMigrationName(existing: readonly string[], suffix: string, now: Date = new Date()): string {
  const last = [...existing].sort(compareMigrationNames).at(-1)
  let time = Math.floor(now.getTime() / 1000) * 1000
  const lastTime = last === undefined ? undefined : stampTime(last)
  if (lastTime !== undefined && lastTime >= time) time = lastTime + 1000
  const name = `${formatStamp(new Date(time))}_electrify_${slug(suffix)}`
  if (last !== undefined && compareMigrationNames(name, last) <= 0) {
    throw new ElectrifyError(`cannot name a new migration that Prisma would apply after "${last}": its name does not start with a timestamp`, {
      code: 'migrations/cannot-name-last',
      hint: 'Prisma applies migrations in name order; name the migrations folders as Prisma does (YYYYMMDDHHMMSS_name), or add the DDLX to a new migration by hand.',
    })
  }
  return name
}

function stampTime(name: string): number | undefined {
  const m = STAMP.exec(name)
  if (!m) return undefined
  const [, y, mo, d, h, mi, s] = m.map(Number) as number[]
  const time = Date.UTC(y!, mo! - 1, d!, h!, mi!, s!)
  return Number.isNaN(time) ? undefined : time
}

function formatStamp(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, '').replace(/[-T:]/g, '')
}

/** In the style of Prisma's folder names: lower case, anything but letters and digits becomes `_`. */
function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, '_')
      .replace(/^_+|_+$/g, '') || 'ddlx'
  )
}
