/**
 * Where Electric 0.12.1's proxy process dies on a client's SQL (an Elixir match or function-clause
 * error, a missing protocol implementation): the client gets no answer, its connection just ends.
 * The stand-in closes the connection at the same places.
 */
export class ElectricCrash extends Error {}
