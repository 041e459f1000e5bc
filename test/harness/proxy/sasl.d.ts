// Types for pg's SCRAM-SHA-256 client (a public path of the `pg` package: "exports": { "./lib/*": … }).
declare module 'pg/lib/crypto/sasl.js' {
  interface Session {
    mechanism: string
    response: string
  }
  const sasl: {
    startSession(mechanisms: string[]): Session
    continueSession(session: Session, password: string, serverData: string): Promise<void>
    finalizeSession(session: Session, serverData: string): void
  }
  export default sasl
}
