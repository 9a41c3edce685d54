import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** What the connection closer needs of a Fastify instance. */
export interface FastifyWithServer {
  server: Server;
  addHook(name: 'preClose', hook: (done: () => void) => void): void;
}

const watched = new WeakSet<Server>();

/**
 * Lets the app's HTTP server close on shutdown although clients hold connections that never carried a byte (a
 * connection pool's spare socket, a browser's preconnect, a probe). Node counts such a connection as a request in
 * progress, so `server.close()` would wait out its headers timeout (60 s by default, longer than most orchestrators
 * wait before SIGKILL). They are closed as Fastify starts closing; nothing that carried a request is touched. Once
 * per server, however many MCP servers the app has.
 */
export function closeSilentConnectionsOnClose(fastify: FastifyWithServer): void {
  if (watched.has(fastify.server)) return;
  watched.add(fastify.server);
  const open = new Set<Socket>();
  fastify.server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => open.delete(socket));
  });
  fastify.addHook('preClose', (done) => {
    for (const socket of open) if (socket.bytesRead === 0) socket.destroy();
    done();
  });
}
