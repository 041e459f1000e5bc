/**
 * One client connection after start-up: every message is relayed as it is, except SQL that needs
 * rewriting (rewrite.ts), and the server's answers to rewritten SQL are mapped back.
 *
 * To know which statement an answer belongs to, the session keeps a queue of the client messages
 * that the server will answer, in order: Query (answered up to ReadyForQuery, one CommandComplete
 * per statement), and in the extended protocol Parse, Bind, Describe, Execute, Close, Sync.
 */
import { serialize } from 'pg-protocol'
import type { MessageSocket } from './message-socket.js'
import { handleSql, type Handling, type Rewrite, type RewriteOptions } from './rewrite.js'
import { CStringReader, commandComplete, decodeFields, fieldsMessage, type Message } from './wire.js'

type Pending =
  /** a simple Query; `done` counts its statements that completed */
  | { kind: 'query'; rewrite?: Rewrite; done: number }
  /** extended protocol: the statement a Parse or Execute is about */
  | { kind: 'parse' | 'execute'; rewrite?: Rewrite }
  | { kind: 'bind' | 'describe' | 'close' | 'function' | 'sync' }

const EXTENDED = new Set<Pending['kind']>(['parse', 'execute', 'bind', 'describe', 'close'])

export interface SessionOptions extends RewriteOptions {
  /** where the proxy says why it closes a connection or leaves a message unanswered */
  log(line: string): void
}

export function relaySession(client: MessageSocket, server: MessageSocket, options: SessionOptions): void {
  const pending: Pending[] = []
  // after an error in the extended protocol the server skips every message until the next Sync
  let skippingToSync = false
  const statements = new Map<string, Rewrite | undefined>() // prepared statement name → its rewrite
  const portals = new Map<string, Rewrite | undefined>()

  const expect = (entry: Pending) => {
    if (entry.kind === 'sync') skippingToSync = false
    else if (skippingToSync) return
    pending.push(entry)
  }

  client.relay((message) => {
    switch (message.type) {
      case 'Q': {
        const sql = new CStringReader(message.body).string()
        const handling = handleSql(sql, options, false)
        if (!proceeds(handling, sql)) return
        const rewrite = handling.kind === 'rewrite' ? handling.rewrite : undefined
        expect({ kind: 'query', rewrite, done: 0 })
        return server.write(rewrite ? serialize.query(rewrite.text) : message.raw, client)
      }
      case 'P': {
        const reader = new CStringReader(message.body)
        const name = reader.string()
        const sql = reader.string()
        const types = reader.int32s(reader.int16())
        const handling = handleSql(sql, options, true)
        if (!proceeds(handling, sql)) return
        const rewrite = handling.kind === 'rewrite' ? handling.rewrite : undefined
        statements.set(name, rewrite)
        expect({ kind: 'parse', rewrite })
        return server.write(rewrite ? serialize.parse({ name, text: rewrite.text, types }) : message.raw, client)
      }
      case 'B': {
        const reader = new CStringReader(message.body)
        const portal = reader.string()
        portals.set(portal, statements.get(reader.string()))
        expect({ kind: 'bind' })
        break
      }
      case 'E':
        expect({ kind: 'execute', rewrite: portals.get(new CStringReader(message.body).string()) })
        break
      case 'C': {
        // Close: 'S' (prepared statement) or 'P' (portal), then the name
        const name = new CStringReader(message.body.subarray(1)).string()
        if (message.body[0] === 0x53) statements.delete(name)
        else portals.delete(name)
        expect({ kind: 'close' })
        break
      }
      case 'D':
        expect({ kind: 'describe' })
        break
      case 'F':
        expect({ kind: 'function' })
        break
      case 'S':
        expect({ kind: 'sync' })
        break
    }
    server.write(message.raw, client)
  })

  server.relay((message) => {
    const head = pending[0]
    switch (message.type) {
      case 'C': {
        if (head?.kind === 'query') {
          const index = head.done++
          if (head.rewrite) return client.write(commandComplete(head.rewrite.tag(index, tagOf(message))), server)
        } else if (head?.kind === 'execute') {
          pending.shift()
          if (head.rewrite) return client.write(commandComplete(head.rewrite.tag(0, tagOf(message))), server)
        }
        break
      }
      case 'E':
      case 'N': {
        const rewrite = head && 'rewrite' in head ? head.rewrite : undefined
        const index = head?.kind === 'query' ? head.done : 0
        if (message.type === 'E' && head && EXTENDED.has(head.kind)) skipToSync()
        if (rewrite) return client.write(fieldsMessage(message.type, rewrite.present(decodeFields(message.body), index)), server)
        break
      }
      case '1': // ParseComplete
      case '2': // BindComplete
      case '3': // CloseComplete
      case 'n': // NoData (Describe)
      case 'T': // RowDescription: ends a Describe; inside a simple Query it is part of the answer
      case 'I': // EmptyQueryResponse: ends an Execute; inside a simple Query it is part of the answer
      case 's': // PortalSuspended (Execute with a row limit)
        if (head && head.kind !== 'query') pending.shift()
        break
      case 'Z': // ReadyForQuery: ends a Query, a Sync or a FunctionCall
        pending.shift()
        break
    }
    client.write(message.raw, server)
  })

  /** False when the message goes no further: Electric crashes on it (the connection ends) or never answers it. */
  function proceeds(handling: Handling, sql: string): handling is Extract<Handling, { kind: 'forward' | 'rewrite' }> {
    if (handling.kind === 'forward' || handling.kind === 'rewrite') return true
    const excerpt = sql.length > 200 ? `${sql.slice(0, 200)}…` : sql
    options.log(`proxy stand-in: ${handling.kind === 'close' ? 'closing the connection' : 'not answering'}, as Electric 0.12.1 does: ${handling.reason}\n  SQL: ${excerpt}`)
    if (handling.kind === 'close') {
      client.socket.destroy()
      server.socket.destroy()
    }
    return false
  }

  /** The server skips the rest of the batch: forget what it will not answer, up to the next Sync. */
  function skipToSync() {
    const sync = pending.findIndex((entry) => entry.kind === 'sync')
    if (sync === -1) {
      pending.length = 0
      skippingToSync = true
    } else {
      pending.splice(0, sync)
    }
  }
}

function tagOf(message: Message): string {
  return new CStringReader(message.body).string()
}
