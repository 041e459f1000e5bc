/**
 * The registry of error and finding codes (src/codes.ts) against the docs and the source: every code
 * is documented on its page, every code the source gives is registered, and every registered code is
 * given somewhere. The types already refuse an unregistered `code` on ElectrifyError and Finding; this
 * also catches codes that reach the output another way (`{ code: 'internal' }`) and registry entries
 * that nothing gives any more.
 */
import { readdirSync, readFileSync } from 'node:fs'
import path from 'node:path'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'
import { CODES, PROXY_ANSWER, proxyAnswerCode, type CodeInfo } from '../src/codes.js'
import { REPO_ROOT } from './harness/repo-root.js'

const registered = Object.entries(CODES as Record<string, CodeInfo>)
const documented = registered.filter(([, info]) => info.doc !== null)
const docs = (page: string) => readFileSync(path.join(REPO_ROOT, 'docs', page), 'utf8')

describe('every registered code is documented on its page of docs/', () => {
  it.each(documented)('%s', (code, { doc }) => {
    expect(docs(doc!), `docs/${doc} should name \`${code}\``).toContain(`\`${code}\``)
  })

  it(`${PROXY_ANSWER.code}: Electric's answers, explained`, () => {
    expect(docs(PROXY_ANSWER.doc)).toContain(`\`${PROXY_ANSWER.code}\``)
    expect(proxyAnswerCode('EX010')).toBe('proxy/EX010')
  })
})

/** `namespace/slug`, the shape of every code but `internal` (Electric's `proxy/EX010` are upper case). */
const CODE_SHAPE = /^[a-z]+\/[a-z0-9]+(?:-[a-z0-9]+)*$/
const namespaces = new Set(registered.map(([code]) => code.split('/')[0]))

interface CodeUse {
  code: string
  at: string
}

/**
 * The string literals in src/ that are codes: the value of a `code` property or of a comparison with
 * `.code`, and any literal of a registered namespace (`'annotation/misplaced'` passed to a helper).
 * Module specifiers and comments are not looked at.
 */
function codesUsedInSource(): CodeUse[] {
  const src = path.join(REPO_ROOT, 'src')
  const files = readdirSync(src, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts') && f !== 'codes.ts')
  const uses: CodeUse[] = []
  for (const file of files) {
    const text = readFileSync(path.join(src, file), 'utf8')
    const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true)
    const visit = (node: ts.Node): void => {
      if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
        if (isCode(node)) uses.push({ code: node.text, at: `src/${file}:${source.getLineAndCharacterOfPosition(node.getStart()).line + 1}` })
      }
      ts.forEachChild(node, visit)
    }
    visit(source)
  }
  return uses
}

function isCode(literal: ts.StringLiteral | ts.NoSubstitutionTemplateLiteral): boolean {
  const parent = literal.parent
  if (ts.isImportDeclaration(parent) || ts.isExportDeclaration(parent) || ts.isExternalModuleReference(parent)) return false
  if (ts.isCallExpression(parent) && parent.expression.kind === ts.SyntaxKind.ImportKeyword) return false
  const text = literal.text
  if (CODE_SHAPE.test(text) && namespaces.has(text.split('/')[0]!)) return true
  if (!/^[a-z]/.test(text)) return false // Electric's own codes (`code: 'EX007'` in the answer patterns)
  if (ts.isPropertyAssignment(parent) && parent.initializer === literal && parent.name.getText() === 'code') return true
  if (ts.isBinaryExpression(parent) && /^[!=]==?$/.test(parent.operatorToken.getText())) {
    const other = parent.left === literal ? parent.right : parent.left
    return ts.isPropertyAccessExpression(other) && other.name.text === 'code'
  }
  return false
}

describe('the registry and the source agree', () => {
  const uses = codesUsedInSource()

  it('finds the codes in the source (the scan works)', () => {
    expect(uses.map((u) => u.code)).toEqual(expect.arrayContaining(['schema/invalid', 'annotation/two-slash-comment', 'internal']))
  })

  it('every code the source gives is registered', () => {
    expect(uses.filter((u) => !(u.code in CODES)).map((u) => `${u.at}: ${u.code}`)).toEqual([])
  })

  it('every registered code is given somewhere in the source', () => {
    const given = new Set(uses.map((u) => u.code))
    expect(registered.map(([code]) => code).filter((code) => !given.has(code))).toEqual([])
  })
})
