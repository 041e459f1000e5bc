// Starts writing a large file with the built writeFileAtomic, then exits (as the second Ctrl-C does)
// as soon as the temporary file exists: the write is still running then. Prints the temp file's name.
import { readdirSync } from 'node:fs'
import path from 'node:path'
import { writeFileAtomic } from '../../dist/fs/write-file-atomic.js'

const file = process.argv[2]
const dir = path.dirname(file)
void writeFileAtomic(file, Buffer.alloc(64 * 1024 * 1024, 'x')).then(() => {
  console.log('the write finished before the process could exit')
  process.exit(1)
})
const poll = () => {
  const temp = readdirSync(dir).find((name) => name.endsWith('.tmp'))
  if (temp === undefined) return setImmediate(poll)
  console.log(`exited while writing ${temp}`)
  process.exit(130)
}
poll()
