/**
 * Preloaded (`node --import <this file>`) into every process scripts/bench-check.js times, the floor
 * included: prints the process's peak resident memory on stderr as it exits, for the bench to read.
 */
import { writeSync } from 'node:fs'

process.on('exit', () => {
  writeSync(2, `\n@peak-rss-kb ${process.resourceUsage().maxRSS}\n`)
})
