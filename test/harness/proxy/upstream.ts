import net from 'node:net'
import { serialize } from 'pg-protocol'
import sasl from 'pg/lib/crypto/sasl.js'
import { md5Password } from './client-handshake.js'
import { MessageSocket } from './message-socket.js'
import { CStringReader, type Message } from './wire.js'

export interface UpstreamConfig {
  host: string
  port: number
  user: string
  password: string
  /** the database every client lands in (Prisma's shadow databases aside) */
  database: string
}

export interface UpstreamSession {
  server: MessageSocket
  /** AuthenticationOk … ReadyForQuery, for the client, which has not seen the server yet */
  greeting: Buffer[]
}

/** The server said no (unknown database, bad credentials …): `response` is its ErrorResponse. */
export class UpstreamRefused extends Error {
  constructor(readonly response: Message) {
    super('the server refused the connection')
  }
}

/**
 * Logs in to the real server with the configured credentials, for `database`, passing on the client's
 * other start-up parameters (application_name, options …).
 * Handles the methods a server may ask for: trust, password, md5 and SCRAM-SHA-256.
 */
export async function connectUpstream(config: UpstreamConfig, database: string, parameters: Record<string, string>): Promise<UpstreamSession> {
  const socket = net.connect(config.port, config.host)
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve)
    socket.once('error', reject)
  })
  socket.setNoDelay(true)
  const server = new MessageSocket(socket)
  try {
    server.write(serialize.startup({ ...parameters, user: config.user, database }))
    let scram: ReturnType<typeof sasl.startSession> | undefined
    for (;;) {
      const message = await server.next()
      if (message.type === 'E') throw new UpstreamRefused(message)
      if (message.type !== 'R') throw new Error(`unexpected message '${message.type}' during authentication`)
      const request = message.body.readInt32BE(0)
      const data = message.body.subarray(4)
      if (request === 0) return { server, greeting: [message.raw, ...(await rest(server))] }
      if (request === 3) server.write(serialize.password(config.password))
      else if (request === 5) server.write(serialize.password(md5Password(config.password, config.user, data)))
      else if (request === 10) {
        scram = sasl.startSession(mechanisms(data))
        server.write(serialize.sendSASLInitialResponseMessage(scram.mechanism, scram.response))
      } else if (request === 11 && scram) {
        await sasl.continueSession(scram, config.password, data.toString('utf8'))
        server.write(serialize.sendSCRAMClientFinalMessage(scram.response))
      } else if (request === 12 && scram) sasl.finalizeSession(scram, data.toString('utf8'))
      else throw new Error(`unsupported authentication request ${request}`)
    }
  } catch (error) {
    socket.destroy()
    throw error
  }
}

/** Sends a client's CancelRequest on to the server that issued the key (the proxy passes keys through). */
export function forwardCancel(config: UpstreamConfig, packet: Buffer): void {
  const socket = net.connect(config.port, config.host, () => socket.end(packet))
  socket.on('error', () => socket.destroy())
}

/** After AuthenticationOk: ParameterStatus, BackendKeyData, notices … up to the first ReadyForQuery. */
async function rest(server: MessageSocket): Promise<Buffer[]> {
  const messages: Buffer[] = []
  for (;;) {
    const message = await server.next()
    if (message.type === 'E') throw new UpstreamRefused(message)
    messages.push(message.raw)
    if (message.type === 'Z') return messages
  }
}

function mechanisms(data: Buffer): string[] {
  const reader = new CStringReader(data)
  const names: string[] = []
  for (let name = reader.string(); name !== ''; name = reader.string()) names.push(name)
  return names
}
