import { describe, expect, test } from 'vitest'
import { BLOCK_MARKER, renderAppendix } from '../../src/inject/render-appendix.js'

const item = { schema: 'public', name: 'Item' }
const user = { schema: 'auth', name: 'User' }

test('appends a marked block after a blank line, one quoted statement per line', () => {
  expect(renderAppendix('CREATE TABLE "Item" ();\n', [item, user])).toBe(`\n${BLOCK_MARKER}\nALTER TABLE "Item" ENABLE ELECTRIC;\nALTER TABLE "auth"."User" ENABLE ELECTRIC;\n`)
})

test('follows CRLF line ends and a missing final newline', () => {
  expect(renderAppendix('A;\r\nB;\r\n', [item])).toBe(`\r\n${BLOCK_MARKER}\r\nALTER TABLE "Item" ENABLE ELECTRIC;\r\n`)
  expect(renderAppendix('A;', [item])).toBe(`\n\n${BLOCK_MARKER}\nALTER TABLE "Item" ENABLE ELECTRIC;`)
})

test('an empty file (or a lone BOM) gets just the block', () => {
  expect(renderAppendix('', [item])).toBe(`${BLOCK_MARKER}\nALTER TABLE "Item" ENABLE ELECTRIC;\n`)
  expect(renderAppendix('\uFEFF', [item])).toBe(`${BLOCK_MARKER}\nALTER TABLE "Item" ENABLE ELECTRIC;\n`)
})

test('extends its own block at the end instead of adding a second marker', () => {
  const once = `A;\n\n${BLOCK_MARKER}\nALTER TABLE "Item" ENABLE ELECTRIC;\n`
  expect(renderAppendix(once, [user])).toBe('ALTER TABLE "auth"."User" ENABLE ELECTRIC;\n')
  const followed = `${once}UPDATE x SET y = 1;\n`
  expect(renderAppendix(followed, [user])).toBe(`\n${BLOCK_MARKER}\nALTER TABLE "auth"."User" ENABLE ELECTRIC;\n`)
})

test('nothing to add, nothing appended', () => {
  expect(renderAppendix('A;\n', [])).toBe('')
})

describe('keeps the DDLX its own statement, as Electric\'s proxy cuts it', () => {
  const block = `${BLOCK_MARKER}\nALTER TABLE "Item" ENABLE ELECTRIC;\n`

  test('ends a last statement that has no `;` first, on a line of its own', () => {
    expect(renderAppendix('CREATE INDEX "i" ON "Item"("id")\n', [item])).toBe(`;\n\n${block}`)
    expect(renderAppendix('CREATE INDEX "i" ON "Item"("id")', [item])).toBe(`\n;\n\n${block.trimEnd()}`)
    expect(renderAppendix('SELECT 1 -- no semicolon; really\n', [item])).toBe(`;\n\n${block}`)
    expect(renderAppendix('CREATE FUNCTION f() RETURNS int AS $$ SELECT 1; $$ LANGUAGE sql\r\n', [item])).toBe(`;\r\n\r\n${block.replaceAll('\n', '\r\n')}`)
  })

  test('adds its own `;` when a comment after the last one holds a `;`, a quote or a block comment', () => {
    for (const tail of ['-- done; really', "-- don't", '/* note */', '-- "x']) {
      expect(renderAppendix(`SELECT 1;\n${tail}\n`, [item]), tail).toBe(`;\n\n${block}`)
    }
    expect(renderAppendix('-- This is an empty migration; fill it.\n', [item])).toBe(`;\n\n${block}`)
  })

  test('adds nothing when the last statement is ended and the comments after it are plain', () => {
    expect(renderAppendix('SELECT 1;\n-- AddForeignKey\n', [item])).toBe(`\n${block}`)
    expect(renderAppendix("SELECT ';' -- x\n;\n", [item])).toBe(`\n${block}`)
    expect(renderAppendix('-- This is an empty migration.\n', [item])).toBe(`\n${block}`)
  })
})
