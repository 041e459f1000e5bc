import fs from 'node:fs'
import { PerformanceObserver } from 'node:perf_hooks'
let gcMs = 0
new PerformanceObserver((l) => { for (const e of l.getEntries()) gcMs += e.duration }).observe({ entryTypes: ['gc'] })
const s = await import('./dist/sql/statements.js'); await s.loadSqlParser(); const sp = await import('./dist/sql/statement-spans.js'); const a = await import('./dist/migrations/analyze-migration.js')
const sql = fs.readFileSync('/tmp/large/prisma/migrations/20240101000000_readings/migration.sql', 'utf8')
const what = process.argv[2]
const t = performance.now()
let r
if (what === 'spans') r = sp.statementSpans(sql)
if (what === 'split') r = s.splitStatements(sql)
if (what === 'analyse') r = a.analyzeMigration({ name: 'x', file: 'x', sql })
await new Promise((res) => setTimeout(res, 50))
console.log(what, (performance.now() - t - 50).toFixed(0), 'ms; gc', gcMs.toFixed(0), 'ms; maxrss', (process.resourceUsage().maxRSS / 1e3).toFixed(0))
