/**
 * Positions in SQL text. libpg-query reports UTF-8 byte offsets, JavaScript strings are indexed in
 * UTF-16 code units, and users want 1-based line numbers: this converts between the three.
 */
export interface SourceText {
  readonly text: string
  /** UTF-16 index of a UTF-8 byte offset. */
  charAt(byteOffset: number): number
  /** 1-based line of a UTF-16 index. */
  lineAt(charIndex: number): number
}

export function sourceText(text: string): SourceText {
  const lineStarts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1)
  const byteToChar = isAscii(text) ? undefined : buildByteToChar(text)
  return {
    text,
    charAt: (byteOffset) => (byteToChar ? byteToChar[Math.min(byteOffset, byteToChar.length - 1)] : byteOffset),
    lineAt: (charIndex) => {
      let lo = 0
      let hi = lineStarts.length - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if (lineStarts[mid] <= charIndex) lo = mid
        else hi = mid - 1
      }
      return lo + 1
    },
  }
}

function isAscii(text: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /^[\x00-\x7f]*$/.test(text)
}

function buildByteToChar(text: string): Uint32Array {
  const map = new Uint32Array(Buffer.byteLength(text, 'utf8') + 1)
  let byte = 0
  for (let i = 0; i < text.length; i++) {
    const code = text.codePointAt(i)!
    const width = code < 0x80 ? 1 : code < 0x800 ? 2 : code < 0x10000 ? 3 : 4
    for (let k = 0; k < width; k++) map[byte + k] = i
    byte += width
    if (code >= 0x10000) i++ // the low surrogate belongs to the same code point
  }
  map[byte] = text.length
  return map
}
