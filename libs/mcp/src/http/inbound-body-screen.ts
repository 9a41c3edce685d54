import type { ServerResponse } from 'node:http';
import { HttpRefusals } from '../protocol/error-catalogue.js';
import { screenBody } from '../protocol/inbound-screen.js';
import { writeRefusal } from './json-rpc-reply.js';

/**
 * Answers HTTP 400 with the JSON-RPC error (and the request's id) for a POST body the inbound screen refuses: too
 * deep, or not a message the SDK could serve. True when it did; run before anything else reads the body.
 */
export function refusedInboundBody(res: ServerResponse, body: unknown, maxDepth: number): boolean {
  const refused = screenBody(body, maxDepth);
  if (!refused) return false;
  writeRefusal(res, HttpRefusals.invalidMessage(refused.rejection), refused.id);
  return true;
}
