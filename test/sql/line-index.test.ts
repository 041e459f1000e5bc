import { expect, test } from 'vitest'
import { lineIndex } from '../../src/sql/line-index.js'

test('lineAt gives the 1-based line of any position, asked in order or not', () => {
  const text = Array.from({ length: 2000 }, (_, i) => 'x'.repeat(i % 9)).join('\n')
  const expected = (at: number) => text.slice(0, at).split('\n').length
  const positions = Array.from({ length: 3000 }, (_, i) => (i * 7919) % (text.length + 1))
  const lines = lineIndex(text)
  for (const at of [...[...positions].sort((a, b) => a - b), ...positions, 0, text.length]) expect(lines.lineAt(at), `position ${at}`).toBe(expected(at))
})

test('one line, no text, CRLF', () => {
  expect(lineIndex('').lineAt(0)).toBe(1)
  expect(lineIndex('SELECT 1').lineAt(7)).toBe(1)
  const crlf = lineIndex('a\r\nb\r\n\r\nc')
  expect([0, 3, 6, 8].map((at) => crlf.lineAt(at))).toEqual([1, 2, 3, 4])
})
