import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestId } from '@modelcontextprotocol/server';

/**
 * The JSON-RPC requests of the HTTP request being served: the HTTP layer runs the SDK inside it, so the event store
 * can tell which calls the stream it is writing carries.
 */
export const streamCalls = new AsyncLocalStorage<{ requestIds: RequestId[] }>();
