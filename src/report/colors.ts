/**
 * Whether to colour output, decided once per run: `--no-color` and NO_COLOR turn colour off,
 * FORCE_COLOR turns it on (`FORCE_COLOR=0` off), otherwise colour only on a terminal.
 */
import pc from 'picocolors'

export type Colors = ReturnType<typeof pc.createColors>

export function colorsFor(stream: { isTTY?: boolean }, options: { color?: boolean; env?: NodeJS.ProcessEnv } = {}): Colors {
  const env = options.env ?? process.env
  let enabled = Boolean(stream.isTTY) && env.TERM !== 'dumb'
  if (env.FORCE_COLOR !== undefined) enabled = env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false'
  if (env.NO_COLOR) enabled = false
  if (options.color === false) enabled = false
  return pc.createColors(enabled)
}
