import { createServer } from 'node:net';

/**
 * A loopback port no one listens on, for a server that must know its URL before it starts (the scripts and, through
 * ports.ts, the tests). Chosen below Linux's ephemeral range (32768 and up), where the OS also picks the local ports of
 * outgoing connections: a port found free there can be taken by a client socket before the server listens on it (as
 * under load from other processes).
 */
export async function freePort() {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (await canListen(port)) return port;
  }
  throw new Error('No free port found between 20000 and 32000');
}

function canListen(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}
