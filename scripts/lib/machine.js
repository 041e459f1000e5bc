import os from 'node:os'
import { readFileSync } from 'node:fs'

/** What the benchmarks print about the machine they ran on, so figures can be compared. */
export function machine() {
  let cpu = os.cpus()[0]?.model ?? 'unknown'
  try {
    const model = /^model name\s*:\s*(.+)$/m.exec(readFileSync('/proc/cpuinfo', 'utf8'))
    if (model) cpu = model[1].trim()
  } catch {
    // not Linux: os.cpus() it is
  }
  return {
    node: process.version,
    v8: process.versions.v8,
    cpu,
    cpus: os.availableParallelism?.() ?? os.cpus().length,
    platform: `${process.platform} ${os.release()} ${process.arch}`,
    load: os.loadavg().map((l) => Math.round(l * 100) / 100),
    date: new Date().toISOString().slice(0, 10),
  }
}
