/** 1-based line numbers of positions (UTF-16 indices) in a SQL text, as people see them in an editor. */
export interface LineIndex {
  lineAt(charIndex: number): number
}

export function lineIndex(text: string): LineIndex {
  const lineStarts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1)
  // Statements come in order: start each search where the last one ended.
  let hint = 0
  return {
    lineAt: (charIndex) => {
      let lo = lineStarts[hint] <= charIndex ? hint : 0
      let hi = lineStarts.length - 1
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1
        if (lineStarts[mid] <= charIndex) lo = mid
        else hi = mid - 1
      }
      hint = lo
      return lo + 1
    },
  }
}
