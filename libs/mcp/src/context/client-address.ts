/**
 * The client's address of each web `Request` the HTTP layer hands the SDK (Fastify's `request.ip`, so `trustProxy`
 * is honoured). The SDK passes that same `Request` to handlers (`ctx.http.req`), which is how `McpContext.request`
 * learns the address without a field of the SDK's own.
 */
const addresses = new WeakMap<object, string>();

export function recordClientAddress(request: object, address: string | undefined): void {
  if (address) addresses.set(request, address);
}

export function clientAddressOf(request: Request | undefined): string | undefined {
  return request && addresses.get(request);
}
