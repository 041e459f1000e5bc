/** Who holds a project's lock, and how a message names it (no dependencies: the reporter uses it). */
import os from 'node:os'

/** Who holds a project's lock, as that run wrote it. */
export interface LockHolder {
  pid: number
  hostname: string
  /** The command line, passwords in URLs hidden: `electrify migrate --name add_posts`. */
  command: string
  /** ISO time the lock was taken. */
  since: string
  /** False when the holder ran on this machine and is gone (killed): its lock is about to be taken over. */
  running: boolean
}

/** "electrify migrate --name x (pid 4242, since 2025-01-31T12:00:00.000Z)" — for messages. */
export function describeHolder(holder: LockHolder | undefined): string {
  if (!holder) return 'another electrify run (it has not said who it is yet)'
  const where = holder.hostname === os.hostname() ? '' : ` on ${holder.hostname}`
  const gone = holder.running ? '' : '; it is no longer running, so its lock is taken over shortly'
  return `${holder.command} (pid ${holder.pid}${where}, since ${holder.since}${gone})`
}
