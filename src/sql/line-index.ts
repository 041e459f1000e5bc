/** 1-based line numbers of positions (UTF-16 indices) in a SQL text, as people see them in an editor. */
export interface LineIndex {
  lineAt(charIndex: number): number
}

export function lineIndex(text: string): LineIndex {
  const lineStarts = [0]
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1)
  // Statements come in order: search onwards from the last answer, in steps that double.
  let hint = 0
  return {
    lineAt: (charIndex) => {
      let lo = 0
      let hi = lineStarts.length - 1
      if (lineStarts[hint] <= charIndex) {
        let step = 1
        while (hint + step <= hi && lineStarts[hint + step] <= charIndex) step *= 2
        lo = hint + (step >> 1) // at or before the answer
        hi = Math.min(hint + step - 1, hi) // lineStarts[hint + step], if any, is after it
      }
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
