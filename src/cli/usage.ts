/**
 * Usage errors: commander's parse errors as ElectrifyErrors (exit 2), so that they reach the user
 * through the reporter like every other failure (one JSON document with `--json`), and the option
 * parser that refuses empty values before anything runs.
 */
import { InvalidArgumentError, type Command, type CommanderError } from 'commander'
import type { Code } from '../codes.js'
import { ElectrifyError } from '../errors.js'

/**
 * For options whose value cannot be empty: `--name "$UNSET"` in CI gives `--name ''`, which would
 * otherwise let Prisma prompt, read end-of-input and create nothing.
 */
export function nonEmpty(value: string): string {
  if (value.trim() === '') throw new InvalidArgumentError('The value is empty (an unset variable?).')
  return value
}

const CODES: Record<string, Code> = {
  'commander.unknownOption': 'usage/unknown-option',
  'commander.unknownCommand': 'usage/unknown-command',
  'commander.excessArguments': 'usage/too-many-arguments',
  'commander.optionMissingArgument': 'usage/missing-value',
  'commander.missingArgument': 'usage/missing-value',
  'commander.missingMandatoryOptionValue': 'usage/missing-value',
  'commander.invalidArgument': 'usage/invalid-value',
  'commander.conflictingOption': 'usage/invalid-value',
  // help({ error: true }): a command that needs a subcommand was given none (`electrify hook`)
  'commander.help': 'usage/missing-command',
}

/**
 * `error`: what commander threw for `argv` (its message was not printed). `program`: to name the
 * command the user meant, for the help to look at.
 */
export function usageError(error: CommanderError, argv: readonly string[], program: Command): ElectrifyError {
  const command = commandNamed(program, argv.slice(2))
  const usage = `\`${['electrify', ...command.path].join(' ')} --help\``
  const [first = '', ...rest] = error.message.replace(/^error: /, '').split('\n')
  // commander's "(Did you mean --staged?)" becomes the start of the fix
  const suggestion = rest.map((line) => /^\((Did you mean .*\?)\)$/.exec(line.trim())?.[1]).find(Boolean)
  const code = CODES[error.code] ?? 'usage/invalid'
  let message = first
  let fix = `${suggestion ? `${suggestion} ` : ''}Run ${usage} for the commands and options.`
  if (code === 'usage/missing-command') {
    message = `electrify ${command.path.join(' ')} needs a command: ${command.names.join(', ')}`
    fix = `For example electrify ${[...command.path, command.names[0]].join(' ')}; run ${usage} for more.`
  } else if (code === 'usage/too-many-arguments' && command.path.length === 0) {
    // `electrify --cwd app check`: the default command got the command's name as an argument
    const misplaced = argv.slice(2).find((arg) => program.commands.some((c) => c.name() === arg))
    if (misplaced) fix = `The command comes first: electrify ${misplaced} [options].`
  } else if (/^unknown option '--env-file(=.*)?'/.test(first)) {
    // Node.js 20 reads --env-file anywhere on the command line (and stops when the file is missing)
    fix = 'The option is -e, --env <file> (--env-file is a Node.js option, which Node.js 20 takes wherever it appears).'
  }
  return new ElectrifyError(message, { code, exitCode: 2, hint: fix })
}

/** The command `args` name (`hook install`), as far as they name one: its path and its subcommands' names. */
function commandNamed(program: Command, args: readonly string[]): { path: string[]; names: string[] } {
  const path: string[] = []
  let command = program
  for (const arg of args) {
    const sub = command.commands.find((c) => c.name() === arg)
    if (!sub) break
    path.push(arg)
    command = sub
  }
  return { path, names: command.commands.map((c) => c.name()).filter((name) => name !== 'help') }
}
