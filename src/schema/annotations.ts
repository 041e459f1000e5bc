import type { Code } from '../codes.js'
import type { Finding } from '../findings.js'
import type { ParsedSchema, SchemaComment, SourceBlock } from './types.js'

/** A table to electrify: a model whose `///` doc comment holds the token `@electric`, and the table it maps to. */
export interface AnnotatedTable {
  model: string
  /** The `@@schema` name, or `public`. */
  schema: string
  /** The `@@map` name, or the model name, in its exact case. */
  name: string
  /** Where the model is declared, for messages. */
  file: string
  line: number
}

const TOKEN = '@electric'
/** `@` not glued to a word before it, then a word: `@electric`, `@Electric`, `@electrify`, … */
const AT_WORD = /(?<![\p{L}\p{N}_@])@([\p{L}\p{N}_]+)/gu

const NOT_A_MODEL = { enum: 'enum', view: 'view', type: 'composite type' } as const

/**
 * The annotated models, and warnings (never errors) about annotations that do nothing:
 * - `annotation/two-slash-comment`: `// @electric` above or inside a model; Prisma drops plain comments.
 * - `annotation/misplaced`: `/// @electric` inside a model (it documents a field) or separated from the
 *   model by a blank line (Prisma then attaches it to nothing).
 * - `annotation/not-a-model`: `@electric` on an enum, a view or a composite type.
 * - `annotation/near-miss`: a word that looks like `@electric` but is not it (see isNearMiss).
 * Warnings about a model are only given when the model is not annotated.
 */
export function findAnnotatedTables(schema: ParsedSchema): { tables: AnnotatedTable[]; findings: Finding[] } {
  const tables: AnnotatedTable[] = []
  const findings: Finding[] = []
  for (const model of schema.models) {
    if (hasElectricToken(model.documentation ?? '')) {
      const { name, dbName, file, line } = model
      tables.push({ model: name, schema: model.schema ?? 'public', name: dbName ?? name, file, line })
    } else {
      findings.push(...modelWarnings(modelBlock(schema, model.name)))
    }
  }
  for (const block of schema.blocks) {
    if (block.kind !== 'enum' && block.kind !== 'view' && block.kind !== 'type') continue
    const comment = [...block.leadingComments, ...block.innerComments].find((c) => hasElectricToken(c.text))
    if (comment === undefined) continue
    findings.push(
      warning(block, comment, 'annotation/not-a-model', {
        message: `\`@electric\` on ${NOT_A_MODEL[block.kind]} ${block.name} does nothing: only models are tables that electrify can enable.`,
        hint: `Remove \`@electric\` there; to sync data, put \`/// @electric\` directly above each \`model\` that holds it.`,
      }),
    )
  }
  return { tables, findings }
}

/** True when `text` contains `@electric` as a whole token: not `@electrify`, not `x@electric`. */
export function hasElectricToken(text: string): boolean {
  return atWords(text).some((w) => w === TOKEN.slice(1))
}

/**
 * A near miss is an `@word` that is not exactly `@electric` but, once lower-cased, starts with
 * `electri` (`@Electric`, `@ELECTRIC`, `@electrify`, `@electrified`) or is at most two typing slips
 * away from `electric` (a letter added, dropped, changed, or two neighbours swapped: `@electic`).
 */
export function isNearMiss(word: string): boolean {
  if (word === TOKEN.slice(1)) return false
  const lower = word.toLowerCase()
  return lower.startsWith('electri') || typingDistance(lower, 'electric') <= 2
}

type Place = 'above' | 'inside' | 'detached'

function modelWarnings(block: SourceBlock): Finding[] {
  const places: [Place, readonly SchemaComment[]][] = [
    ['detached', block.detachedComments],
    ['above', block.leadingComments],
    ['inside', block.innerComments],
  ]
  return places.flatMap(([place, comments]) => comments.flatMap((c) => commentWarning(block, c, place) ?? []))
}

/**
 * What a comment of a model that is not annotated says about `@electric`. A `/// @electric` directly
 * above the model would have annotated it, so that case never comes here. Comments separated from the
 * model by a blank line are often prose about the whole file, so only a doc comment there is flagged.
 */
function commentWarning(block: SourceBlock, comment: SchemaComment, place: Place): Finding | undefined {
  const model = block.name
  const above = `directly above \`model ${model} {\``
  const words = atWords(comment.text)
  if (words.includes(TOKEN.slice(1))) {
    if (comment.slashes === 2 && place !== 'detached') {
      return warning(block, comment, 'annotation/two-slash-comment', {
        message: `\`// @electric\` ${place} model ${model} is a plain comment, which Prisma drops, so ${model} is not annotated.`,
        hint: `Write it as a doc comment with three slashes, \`/// @electric\`, ${above}.`,
      })
    }
    if (comment.slashes > 2) {
      return warning(block, comment, 'annotation/misplaced', {
        message:
          place === 'inside'
            ? `\`/// @electric\` inside model ${model} documents a field (or nothing), not the model, so ${model} is not annotated.`
            : `\`/// @electric\` above model ${model} is separated from it by a blank line, so Prisma attaches it to nothing and ${model} is not annotated.`,
        hint: `Move \`/// @electric\` ${above}, with no blank line between.`,
      })
    }
    return undefined
  }
  const nearMiss = words.find(isNearMiss)
  if (nearMiss === undefined || place === 'detached') return undefined
  return warning(block, comment, 'annotation/near-miss', {
    message: `\`@${nearMiss}\` ${place} model ${model} is not the annotation electrify looks for (exactly \`@electric\`, lower case), so ${model} is not annotated.`,
    hint: `If ${model} should be electrified, write \`/// @electric\` ${above}; otherwise reword the comment.`,
  })
}

function warning(block: SourceBlock, comment: SchemaComment, code: Code, text: { message: string; hint: string }): Finding {
  return { severity: 'warning', code, message: text.message, file: block.file, line: comment.line, hint: text.hint }
}

function modelBlock(schema: ParsedSchema, name: string): SourceBlock {
  const block = schema.blocks.find((b) => b.kind === 'model' && b.name === name)
  if (block === undefined) throw new Error(`electrify: model ${name} has no source block`)
  return block
}

function atWords(text: string): string[] {
  return [...text.matchAll(AT_WORD)].map((m) => m[1]!)
}

/** Optimal string alignment distance: insertions, deletions, substitutions, adjacent transpositions. */
function typingDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      let best = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) best = Math.min(best, d[i - 2]![j - 2]! + 1)
      d[i]![j] = best
    }
  }
  return d[a.length]![b.length]!
}
