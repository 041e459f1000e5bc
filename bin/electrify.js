#!/usr/bin/env node
// The command line runs from dist/bundle/ (scripts/bundle-cli.js: one module per entry, not a hundred).
// `electrify check` repeated with nothing changed is answered from its last output, before the command
// line is even loaded (a pre-commit hook on a commit that touches no schema or migration): check-replay.ts.
const replayed = process.argv[2] === 'check' ? await (await import('../dist/bundle/check-replay.js')).replayCheck(process.argv, process) : undefined
process.exitCode = replayed ?? (await (await import('../dist/bundle/main.js')).main(process.argv, {}, { replay: true }))
