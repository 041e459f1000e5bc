// One electrify-like run in its own process: takes the project's lock with the built withProjectLock
// and holds it until its standard input ends. Reports each step as a JSON line on stdout.
//   node hold-project-lock.mjs <projectDir> <wait|no-wait> [staleMs]
import { withProjectLock } from '../../dist/fs/project-lock.js'

const [dir, mode, staleMs] = process.argv.slice(2)
const report = (event) => console.log(JSON.stringify({ ...event, pid: process.pid, at: Date.now() }))
const stdinEnded = new Promise((resolve) => {
  process.stdin.on('end', resolve).resume()
})
try {
  await withProjectLock(
    dir,
    {
      wait: mode === 'wait',
      staleMs: staleMs === undefined ? undefined : Number(staleMs),
      command: `electrify migrate --name from_${process.pid}`,
      onWaiting: (holder) => report({ event: 'waiting', holder }),
    },
    async () => {
      report({ event: 'acquired' })
      await stdinEnded
      report({ event: 'releasing' })
    },
  )
  report({ event: 'released' })
} catch (error) {
  report({ event: 'error', code: error.code, message: error.message, hint: error.hint })
  process.exit(1)
}
