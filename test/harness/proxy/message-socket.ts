import type net from 'node:net'
import { MessageReader, type Message } from './wire.js'

/**
 * A socket read as PostgreSQL messages. During a handshake, code awaits messages one by one with
 * `next()`; afterwards `relay()` hands every message to a callback as soon as it is complete.
 */
export class MessageSocket {
  private readonly reader = new MessageReader()
  private wake?: () => void
  private handler?: (message: Message) => void
  private closed = false

  constructor(readonly socket: net.Socket) {
    socket.on('data', (chunk) => {
      this.reader.push(chunk)
      if (this.handler) this.drain()
      else this.wake?.()
    })
    socket.on('close', () => {
      this.closed = true
      this.wake?.()
    })
    socket.on('error', () => socket.destroy()) // reported to the other side as a closed connection
  }

  /** The next message; `startup` for the untyped packets that open a connection. */
  async next(startup = false): Promise<Message> {
    for (;;) {
      const message = startup ? this.reader.nextStartup() : this.reader.next()
      if (message) return message
      if (this.closed) throw new Error('connection closed')
      await new Promise<void>((resolve) => (this.wake = resolve))
    }
  }

  /** From now on, every complete typed message (buffered ones first) goes to `handler`. */
  relay(handler: (message: Message) => void): void {
    this.handler = handler
    this.drain()
  }

  /** Writes and, when the receiver is slow, pauses `source` until this socket drains. */
  write(data: Buffer | string, source?: MessageSocket): void {
    if (this.socket.destroyed) return
    if (!this.socket.write(data) && source) {
      source.socket.pause()
      this.socket.once('drain', () => source.socket.resume())
    }
  }

  end(data?: Buffer): void {
    if (data) this.socket.end(data)
    else this.socket.end()
  }

  private drain(): void {
    for (let message = this.reader.next(); message; message = this.reader.next()) this.handler!(message)
  }
}
