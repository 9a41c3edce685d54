import type { IncomingMessage, ServerResponse } from 'node:http';
import { HttpRefusals } from '../protocol/error-catalogue.js';
import { writeRefusal } from './json-rpc-reply.js';

const BODY_TIMER = Symbol('nestjs-mcp:body-timer');

/** Fastify's request and reply, reduced to what the body timeout needs. */
export interface BodyTimeoutRequest {
  raw: IncomingMessage;
  [BODY_TIMER]?: NodeJS.Timeout;
}
export interface BodyTimeoutReply {
  raw: ServerResponse;
  readonly sent: boolean;
  hijack(): void;
}
type Hook = (request: BodyTimeoutRequest, reply: BodyTimeoutReply, done: () => void) => void;

/**
 * Route hooks against slow request bodies (slowloris): a timer armed once the headers are in (`onRequest`) and
 * cleared once the body is parsed (`preValidation`, which also runs at once for a bodyless GET or DELETE, so
 * long-lived SSE streams are unaffected). When it fires first, the client gets HTTP 408 with a JSON-RPC error and
 * its connection is closed. The route's error handler clears it too (`clearBodyTimeout`), so no timer outlives a
 * request that failed to parse.
 */
export function bodyTimeoutHooks(timeoutMs: number): { onRequest: Hook; preValidation: Hook } {
  return {
    onRequest(request, reply, done) {
      request[BODY_TIMER] = setTimeout(refuseSlowBody, timeoutMs, request, reply);
      done();
    },
    preValidation(request, _reply, done) {
      clearBodyTimeout(request);
      done();
    },
  };
}

export function clearBodyTimeout(request: unknown): void {
  const timed = request as BodyTimeoutRequest;
  if (timed[BODY_TIMER] === undefined) return;
  clearTimeout(timed[BODY_TIMER]);
  timed[BODY_TIMER] = undefined;
}

function refuseSlowBody(request: BodyTimeoutRequest, reply: BodyTimeoutReply): void {
  request[BODY_TIMER] = undefined;
  if (reply.sent || reply.raw.headersSent) return;
  // Fastify must not answer too once the unread body fails with the closed connection.
  reply.hijack();
  const socket = request.raw.socket;
  reply.raw.once('finish', () => socket.destroy());
  writeRefusal(reply.raw, HttpRefusals.requestTimeout);
}

/** Adds the body timeout to a Fastify route's options, keeping the hooks it already has; 0 turns it off. */
export function addBodyTimeout(route: { onRequest?: unknown; preValidation?: unknown }, timeoutMs: number): void {
  if (!(timeoutMs > 0)) return;
  const hooks = bodyTimeoutHooks(timeoutMs);
  route.onRequest = [...hooksOf(route.onRequest), hooks.onRequest];
  route.preValidation = [hooks.preValidation, ...hooksOf(route.preValidation)];
}

function hooksOf(value: unknown): unknown[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
