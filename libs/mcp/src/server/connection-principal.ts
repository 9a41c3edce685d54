import type { AuthInfo, Server, Transport } from '@modelcontextprotocol/server';

/**
 * Makes every message a connection-long server receives act for one principal, as if its transport had
 * authenticated it: for stdio and in-memory connections, which carry no bearer tokens. Call before `connect`.
 */
export function actingFor<T extends Server>(server: T, authInfo: AuthInfo | undefined): T {
  if (!authInfo) return server;
  const connect = server.connect.bind(server);
  server.connect = async (transport: Transport) => {
    await connect(transport);
    const deliver = transport.onmessage;
    transport.onmessage = (message, extra) => deliver?.(message, { ...extra, authInfo });
  };
  return server;
}
