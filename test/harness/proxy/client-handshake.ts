import { createHash, randomBytes } from 'node:crypto'
import type { MessageSocket } from './message-socket.js'
import {
  CANCEL_REQUEST,
  CStringReader,
  GSSENC_REQUEST,
  PROTOCOL_3_0,
  SSL_REQUEST,
  authenticationMd5,
  errorMessage,
  startupParameters,
  type Message,
} from './wire.js'

export type ClientHello =
  | { kind: 'session'; user: string; database: string; parameters: Record<string, string> }
  /** a CancelRequest: the raw packet is meant for the server, which issued the key */
  | { kind: 'cancel'; packet: Buffer }

/**
 * The proxy's side of connection start-up, as Electric's proxy does it: no TLS, MD5 password
 * authentication against one proxy password, any user name. Returns undefined once it has told the
 * client why it is refused (and closed the connection).
 */
export async function acceptClient(client: MessageSocket, proxyPassword: string): Promise<ClientHello | undefined> {
  let startup: Message
  for (;;) {
    startup = await client.next(true)
    const code = startup.body.readInt32BE(0)
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      client.write('N') // not supported: the client continues in plain text (or gives up)
      continue
    }
    if (code === CANCEL_REQUEST) return { kind: 'cancel', packet: startup.raw }
    if (code !== PROTOCOL_3_0) return refuse(client, '08P01', `unsupported frontend protocol ${code >> 16}.${code & 0xffff}`)
    break
  }
  const { user, database, ...parameters } = startupParameters(startup.body)
  // Electric's handler matches a start-up message with both user and database; without them it crashes.
  if (user === undefined || database === undefined) return void client.socket.destroy()

  const salt = randomBytes(4)
  client.write(authenticationMd5(salt))
  const answer = await client.next()
  const expected = md5Password(proxyPassword, user, salt)
  if (answer.type !== 'p' || new CStringReader(answer.body).string() !== expected) {
    return refuse(client, '28P01', `Password authentication failed for user "${user}"`) // Electric's wording
  }
  return { kind: 'session', user, database, parameters }
}

function refuse(client: MessageSocket, code: string, text: string): undefined {
  client.end(errorMessage('FATAL', code, text))
  return undefined
}

/** What a client answers to AuthenticationMD5Password: 'md5' + md5(md5(password + user) + salt). */
export function md5Password(password: string, user: string, salt: Buffer): string {
  const inner = createHash('md5').update(password + user, 'utf8').digest('hex')
  return 'md5' + createHash('md5').update(Buffer.concat([Buffer.from(inner), salt])).digest('hex')
}
