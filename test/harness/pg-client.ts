/** A `pg` client for tests that also records what `pg` does not expose: full command tags, notices. */
import pg from 'pg'
import type { NoticeMessage } from 'pg-protocol/dist/messages.js'
import { onTestFinished } from 'vitest'

export interface RecordingClient {
  client: pg.Client
  /** every CommandComplete tag, e.g. 'ELECTRIC ENABLE' (pg's Result.command keeps only the first word) */
  tags: string[]
  notices: NoticeMessage[]
}

/** Connects to `url`; the connection is closed when the test ends. */
export async function connect(url: string): Promise<RecordingClient> {
  const client = new pg.Client({ connectionString: url })
  const tags: string[] = []
  const notices: NoticeMessage[] = []
  client.connection.on('commandComplete', (message: { text: string }) => tags.push(message.text))
  client.on('notice', (notice) => notices.push(notice))
  await client.connect()
  onTestFinished(() => client.end())
  return { client, tags, notices }
}

/** The error a promise rejects with (fails the test if it resolves). */
export async function failure(promise: Promise<unknown>): Promise<pg.DatabaseError> {
  try {
    await promise
  } catch (error) {
    return error as pg.DatabaseError
  }
  throw new Error('expected the statement to fail, but it succeeded')
}

/** Through the extended protocol (Parse/Bind/Execute), even without parameters. */
export function extended(text: string, name?: string): pg.QueryConfig {
  return { text, name, queryMode: 'extended' } as pg.QueryConfig
}
