import v8 from 'node:v8'

/**
 * For short processes (`check`, the one-shot `electrify`): V8's optimising compiler for WebAssembly
 * (TurboFan, on by default) spends far more compiling the two parsers' hot functions than it saves in
 * one run, and its background threads compete for the CPU, also with the Prisma child the one-shot
 * command runs meanwhile. Liftoff alone (the baseline compiler) makes a cold check 3-4 times faster
 * (docs/performance.md). Call before either WebAssembly module is compiled; `watch`, a long process,
 * keeps the default.
 */
export function useBaselineWasmCompiler(): void {
  try {
    v8.setFlagsFromString('--liftoff-only')
  } catch {
    // an engine without the flag: only slower
  }
}
