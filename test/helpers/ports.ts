/**
 * A loopback port no one listens on, for a server that must know its URL before it starts (the same helper the
 * plain-JavaScript scripts use; see free-port.mjs for why it picks below Linux's ephemeral range).
 */
export { freePort } from './free-port.mjs';
