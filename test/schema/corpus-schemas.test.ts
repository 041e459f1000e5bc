import { existsSync, readdirSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { ElectrifyError } from '../../src/errors.js'
import { findAnnotatedTables } from '../../src/schema/annotations.js'
import { parseAnyUrlStyle, parseAsWrittenFirst } from '../../src/schema/datasource-url.js'
import { parseSchema, type ParsedSchema } from '../../src/schema/parse-schema.js'
import { getConfig, getDatamodel } from '../../src/schema/prisma-wasm.js'
import { configBlocksOnly } from '../../src/schema/source-scan.js'
import { readSchema } from './schema-fixtures.js'

// Real schemas from public projects (see ../shared/corpus/README.md): both datasource styles,
// multi-file layouts, views, doc comments. Present next to the checkout, not in it.
const corpus = path.resolve('../shared/corpus/schemas')
const names = existsSync(corpus) ? readdirSync(corpus).sort() : []

describe.runIf(names.length > 0)('real-world schemas (../shared/corpus/schemas)', () => {
  const rejected: string[] = []

  it.each(names)('%s parses, or fails at a file and line', (name) => {
    const files = readSchema(path.join(corpus, name))
    let schema: ParsedSchema
    try {
      schema = parseSchema(files)
    } catch (e) {
      // Prisma 6.19's parser rejects some schemas other Prisma versions took (webstudio: views with @@id).
      expect(e).toBeInstanceOf(ElectrifyError)
      const error = e as ElectrifyError
      expect(error.code).toBe('schema/invalid')
      expect(files.map((f) => f.path)).toContain(error.file)
      expect(error.line).toBeGreaterThan(0)
      rejected.push(name)
      return
    }
    // Every line the source map gives holds what it names.
    const lines = new Map(files.map((f) => [f.path, f.content.split('\n')]))
    const at = (file: string, line: number) => lines.get(file)![line - 1]!.trim()
    for (const m of [...schema.models, ...schema.views]) {
      expect(at(m.file, m.line)).toMatch(new RegExp(`^(model|view)\\s+${m.name}\\b`))
      for (const f of m.fields) expect(at(m.file, f.line)).toMatch(new RegExp(`^${f.name}\\b`))
    }
    for (const e of schema.enums) {
      expect(at(e.file, e.line)).toMatch(new RegExp(`^enum\\s+${e.name}\\b`))
      for (const v of e.values) expect(at(e.file, v.line)).toMatch(new RegExp(`^${v.name}\\b`))
    }
    // No annotations there, and no comment of theirs looks like a mistaken one.
    expect(findAnnotatedTables(schema)).toEqual({ tables: [], findings: [] })
  })

  // A datasource without a url is adapted before the first parse: the same outcome as parsing as written first.
  it.each(names)('%s: read in one parse, also where the url is missing, as in two', (name) => {
    const files = readSchema(path.join(corpus, name))
    let calls = 0
    const result = parseAnyUrlStyle(files, (adapted) => (calls++, getDatamodel(adapted)))
    expect(result).toEqual(parseAsWrittenFirst(files, getDatamodel))
    if (result.ok) expect(calls).toBe(1)
  })

  // parseSchema asks get_config with the models' lines blank (configBlocksOnly): the same answer.
  it.each(names)('%s: its datasource and generators read alone give the whole schema\'s config', (name) => {
    const parsed = parseAnyUrlStyle(readSchema(path.join(corpus, name)), getDatamodel)
    if (!parsed.ok) return // the rejected one, above
    const whole = getConfig(parsed.value.files)
    expect(whole.ok).toBe(true)
    expect(getConfig(configBlocksOnly(parsed.value.files))).toEqual(whole)
  })

  // Runs after the tests above (vitest keeps their order within a file).
  it('rejects at most one of them', () => {
    expect(rejected.length).toBeLessThanOrEqual(1)
  })
})
