import v8 from 'node:v8'

/**
 * For short processes (`check`, the one-shot `electrify`): V8's optimising compiler for WebAssembly
 * (TurboFan, on by default) spends far more compiling the two parsers' hot functions than it saves in
 * one run, and its background threads compete for the CPU, also with the Prisma child the one-shot
 * command runs meanwhile. Liftoff alone (the baseline compiler) makes a cold check 3-4 times faster
 * (docs/performance.md). And each function is validated when it is first compiled, not all of both
 * modules (4.7 MB) up front: a run calls a small part of them, and both are the published packages'
 * own files. Call before either WebAssembly module is compiled; `watch`, a long process, keeps the
 * defaults.
 */
export function useBaselineWasmCompiler(): void {
  for (const flag of ['--liftoff-only', '--wasm-lazy-validation']) {
    try {
      v8.setFlagsFromString(flag)
    } catch {
      // an engine without the flag: only slower
    }
  }
}
