import { AsyncLocalStorage } from 'node:async_hooks';
import type { RequestId } from '@modelcontextprotocol/server';

/** The JSON-RPC requests of the HTTP request being served: lets the event store tell which stream carries them. */
export const callContext = new AsyncLocalStorage<{ requestIds: RequestId[] }>();
