/**
 * `electrify watch`: options → watch() → one compact status line per event (the reporter's). Ctrl-C
 * closes the watcher, stops a running Prisma child and exits 130; a second Ctrl-C exits at once. The
 * command module (and with it chokidar and the one-shot pipeline) is imported only when the command runs.
 */
import type { Command } from 'commander'
import { withCommonOptions, type CommandIo } from './common-options.js'
import { migrateSettings, withMigrateOptions, type MigrateFlags } from './migrate-options.js'
import { runCommand } from './run-command.js'

interface Flags extends MigrateFlags {
  once?: boolean
  verbose?: boolean
}

export function registerWatch(program: Command, io: CommandIo, setExitCode: (code: number) => void): void {
  const command = program
    .command('watch')
    .description('run electrify whenever the schema changes or a migration is added: create, electrify and apply through the proxy')
  withMigrateOptions(command, {
    name: 'name of every migration created (default: from what changed, e.g. add_item)',
    preflight: "skip electrify's checks of Electric's rules before each run; the proxy decides",
  })
    .option('--once', 'run once and exit')
    .option('--verbose', "show Prisma's output as it comes (otherwise only when a run fails)")
  withCommonOptions(command).action(async (flags: Flags) => {
    const code = await runCommand(io, flags, { interruptible: true, verbose: flags.verbose }, async (context) => {
      const { watch } = await import('../commands/watch.js')
      const result = await watch({ ...migrateSettings(flags), name: flags.name, once: flags.once }, context)
      return result.exitCode
    })
    setExitCode(code)
  })
}
