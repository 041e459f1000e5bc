import { ElectrifyError } from '../errors.js'

/**
 * Ctrl-C for commands that run Prisma: the first SIGINT aborts the returned signal (the running Prisma
 * child is stopped and the command exits 130), a second one exits at once. `release` restores Node's
 * default handling.
 */
export function abortOnSigint(): { signal: AbortSignal; release(): void } {
  const controller = new AbortController()
  const onSigint = () => {
    if (controller.signal.aborted) process.exit(130)
    controller.abort()
  }
  process.on('SIGINT', onSigint)
  return { signal: controller.signal, release: () => process.off('SIGINT', onSigint) }
}

/**
 * Ctrl-C before anything ran (at a prompt): exit 130 and nothing to explain, so people see nothing;
 * with `--json` the one document still says it.
 */
export class Interrupted extends ElectrifyError {
  constructor(where: string) {
    super(`interrupted ${where}; nothing was run`, { code: 'migrate/interrupted', exitCode: 130, hint: 'Run electrify again.' })
  }
}
