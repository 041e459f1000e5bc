/**
 * The few pieces of the PostgreSQL wire protocol (v3) that pg-protocol does not cover: cutting a byte
 * stream into messages in both directions, and the backend messages the proxy itself writes or edits.
 * Messages the client sends upstream are built with pg-protocol's `serialize`, as the `pg` driver does.
 * https://www.postgresql.org/docs/current/protocol-message-formats.html
 */

/** One message as it travelled: `raw` is forwarded untouched unless the proxy decides to rewrite it. */
export interface Message {
  /** the type byte as a character ('Q', 'C', …); '' for the untyped startup-phase packets */
  type: string
  /** the bytes after the length word */
  body: Buffer
  raw: Buffer
}

/** Accumulates socket chunks and hands out complete messages. */
export class MessageReader {
  private buffer: Buffer = Buffer.alloc(0)

  push(chunk: Buffer): void {
    this.buffer = this.buffer.length === 0 ? chunk : Buffer.concat([this.buffer, chunk])
  }

  /** A typed message: type byte, int32 length (counting itself), body. */
  next(): Message | undefined {
    if (this.buffer.length < 5) return undefined
    const size = 1 + this.buffer.readInt32BE(1)
    if (this.buffer.length < size) return undefined
    const raw = this.take(size)
    return { type: String.fromCharCode(raw[0]), body: raw.subarray(5), raw }
  }

  /** A startup-phase packet (StartupMessage, SSLRequest, CancelRequest …): int32 length, no type byte. */
  nextStartup(): Message | undefined {
    if (this.buffer.length < 4) return undefined
    const size = this.buffer.readInt32BE(0)
    if (this.buffer.length < size) return undefined
    const raw = this.take(size)
    return { type: '', body: raw.subarray(4), raw }
  }

  private take(size: number): Buffer {
    const raw = this.buffer.subarray(0, size)
    this.buffer = this.buffer.subarray(size)
    return raw
  }
}

/** Startup-phase request codes (the int32 after the length). */
export const PROTOCOL_3_0 = 196608
export const SSL_REQUEST = 80877103
export const GSSENC_REQUEST = 80877104
export const CANCEL_REQUEST = 80877102

/** Zero-terminated strings, read one after another. */
export class CStringReader {
  private offset = 0

  constructor(private readonly body: Buffer) {}

  string(): string {
    const end = this.body.indexOf(0, this.offset)
    const text = this.body.toString('utf8', this.offset, end)
    this.offset = end + 1
    return text
  }

  int16(): number {
    const value = this.body.readInt16BE(this.offset)
    this.offset += 2
    return value
  }

  int32s(count: number): number[] {
    const values = Array.from({ length: count }, (_, i) => this.body.readInt32BE(this.offset + 4 * i))
    this.offset += 4 * count
    return values
  }

  get done(): boolean {
    return this.offset >= this.body.length
  }
}

/** The key/value pairs of a StartupMessage body (after the protocol version). */
export function startupParameters(body: Buffer): Record<string, string> {
  const reader = new CStringReader(body.subarray(4))
  const parameters: Record<string, string> = {}
  for (let key = reader.string(); key !== ''; key = reader.string()) parameters[key] = reader.string()
  return parameters
}

/**
 * ErrorResponse / NoticeResponse fields in wire order, keyed by their one-letter codes
 * (S severity, V severity not localised, C SQLSTATE, M message, D detail, H hint, P position,
 * p/q internal position/query, W where, F/L/R source file/line/routine, …).
 */
export type Fields = Map<string, string>

export function decodeFields(body: Buffer): Fields {
  const fields: Fields = new Map()
  let offset = 0
  while (offset < body.length && body[offset] !== 0) {
    const end = body.indexOf(0, offset + 1)
    fields.set(String.fromCharCode(body[offset]), body.toString('utf8', offset + 1, end))
    offset = end + 1
  }
  return fields
}

export function fieldsMessage(type: 'E' | 'N', fields: Fields): Buffer {
  const parts = [...fields].map(([code, value]) => Buffer.concat([Buffer.from(code, 'latin1'), cstring(value)]))
  return message(type, Buffer.concat([...parts, Buffer.alloc(1)]))
}

export function errorMessage(severity: 'ERROR' | 'FATAL', code: string, text: string): Buffer {
  return fieldsMessage('E', new Map([['S', severity], ['V', severity], ['C', code], ['M', text]]))
}

export function commandComplete(tag: string): Buffer {
  return message('C', cstring(tag))
}

/** AuthenticationMD5Password: the client answers md5(md5(password + user) + salt). */
export function authenticationMd5(salt: Buffer): Buffer {
  const body = Buffer.alloc(8)
  body.writeInt32BE(5, 0)
  salt.copy(body, 4)
  return message('R', body)
}

export function cstring(text: string): Buffer {
  return Buffer.concat([Buffer.from(text, 'utf8'), Buffer.alloc(1)])
}

function message(type: string, body: Buffer): Buffer {
  const header = Buffer.alloc(5)
  header.write(type, 0, 'latin1')
  header.writeInt32BE(body.length + 4, 1)
  return Buffer.concat([header, body])
}
