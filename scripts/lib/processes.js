// @ts-check
/**
 * Runs the processes scripts/bench-check.js times, each with scripts/lib/peak-rss.js preloaded, and
 * summarises wall times. Rounds interleave the scenarios of one phase (floor, then each command), so a
 * busy moment of the machine falls on all of them rather than on one.
 */
import { spawnSync } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { roundMs } from './corpus.js'

const PEAK_RSS = fileURLToPath(new URL('./peak-rss.js', import.meta.url))

/**
 * @typedef {{ min: number, median: number, max: number, rounds: number[] }} Stats
 * @typedef {object} Scenario
 * @property {string} name
 * @property {string[]} args node arguments after the preload: a script and its arguments
 * @property {() => void} [before] untimed, before each round
 * @property {() => void} [after] untimed, after each round
 * @property {number[]} [okStatus] exit codes that are not a failure (default 0 and 1: check's findings)
 * @property {string} [cwd] where it runs (default: here)
 * @typedef {{ name: string, command: string, wallMs: Stats, peakRssMB: Stats, ratio?: { median: number, min: number, max: number }, instructions?: number, instructionRatio?: number, last: string }} Measured
 */

/**
 * One process; its wall time (ms), peak RSS (MB) and stdout. With `callgrind`, it runs under
 * valgrind's callgrind and `instructions` is the number of instructions it executed (all its threads),
 * a figure that other work on the machine does not change; its wall time and memory are then valgrind's.
 * @param {string[]} args
 * @param {number[]} [okStatus]
 * @param {{ callgrind?: boolean, cwd?: string }} [options] cwd: where the process runs (default: here)
 */
export function runTimed(args, okStatus = [0, 1], options = {}) {
  const node = [process.execPath, '--import', PEAK_RSS, ...args]
  const [command, ...argv] = options.callgrind ? ['valgrind', '--tool=callgrind', '--callgrind-out-file=/dev/null', ...node] : node
  const started = process.hrtime.bigint()
  const result = spawnSync(command, argv, { cwd: options.cwd, encoding: 'utf8', maxBuffer: 256 * 2 ** 20, env: { ...process.env, NO_COLOR: '1' } })
  const wallMs = Number(process.hrtime.bigint() - started) / 1e6
  if (result.error) throw result.error
  if (result.status === null || !okStatus.includes(result.status)) {
    throw new Error(`node ${args.join(' ')} exited ${result.status ?? result.signal}:\n${result.stdout.slice(0, 2000)}\n${result.stderr.slice(0, 2000)}`)
  }
  const rss = /@peak-rss-kb (\d+)/.exec(result.stderr)
  const collected = /Collected : (\d+)/.exec(result.stderr)
  return { wallMs, peakRssMB: rss ? Number(rss[1]) / 1024 : NaN, instructions: collected ? Number(collected[1]) : undefined, stdout: result.stdout }
}

/**
 * `rounds` rounds of every scenario in turn; the first scenario is the floor the others are divided by
 * (ratio: median over median; min and max of the same-round ratios show the noise). With `callgrind`,
 * one more round under callgrind gives each scenario's instructions and their ratio to the floor's.
 * @param {Scenario[]} scenarios
 * @param {number} rounds
 * @param {{ callgrind?: boolean }} [options]
 * @returns {Measured[]}
 */
export function measurePhase(scenarios, rounds, options = {}) {
  /** @type {{ wall: number[], rss: number[], last: string, instructions?: number }[]} */
  const samples = scenarios.map(() => ({ wall: [], rss: [], last: '' }))
  for (let round = 0; round < rounds + (options.callgrind ? 1 : 0); round++) {
    const callgrind = round === rounds
    scenarios.forEach((scenario, i) => {
      scenario.before?.()
      const result = runTimed(scenario.args, scenario.okStatus, { callgrind, cwd: scenario.cwd })
      scenario.after?.()
      if (callgrind) {
        samples[i].instructions = result.instructions
        return
      }
      samples[i].wall.push(result.wallMs)
      samples[i].rss.push(result.peakRssMB)
      samples[i].last = result.stdout
    })
  }
  const floor = samples[0].wall
  return scenarios.map((scenario, i) => {
    const wall = samples[i].wall
    const perRound = wall.map((w, r) => w / floor[r])
    const wallMs = stats(wall)
    return {
      name: scenario.name,
      command: `node ${scenario.args.map((a) => (a.includes(' ') ? JSON.stringify(a) : a)).join(' ')}`,
      wallMs,
      peakRssMB: stats(samples[i].rss),
      ...(i === 0 ? {} : { ratio: { median: round2(wallMs.median / stats(floor).median), min: round2(Math.min(...perRound)), max: round2(Math.max(...perRound)) } }),
      ...(samples[i].instructions === undefined ? {} : { instructions: samples[i].instructions }),
      ...(i === 0 || samples[i].instructions === undefined ? {} : { instructionRatio: round2(/** @type {number} */ (samples[i].instructions) / /** @type {number} */ (samples[0].instructions)) }),
      last: samples[i].last,
    }
  })
}

/** @param {number[]} values @returns {Stats} */
export function stats(values) {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = sorted.length / 2
  const median = sorted.length % 2 ? sorted[(sorted.length - 1) / 2] : (sorted[mid - 1] + sorted[mid]) / 2
  return { min: roundMs(sorted[0]), median: roundMs(median), max: roundMs(sorted[sorted.length - 1]), rounds: values.map(roundMs) }
}

/** @param {number} n */
function round2(n) {
  return Math.round(n * 100) / 100
}
