#!/usr/bin/env node
// `electrify check` repeated with nothing changed is answered from its last output, before the command
// line is even loaded (a pre-commit hook on a commit that touches no schema or migration): check-replay.ts.
const replayed = process.argv[2] === 'check' ? await (await import('../dist/cli/check-replay.js')).replayCheck(process.argv, process) : undefined
process.exitCode = replayed ?? (await (await import('../dist/cli/main.js')).main(process.argv, {}, { replay: true }))
