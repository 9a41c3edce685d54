import type { ServerResponse } from 'node:http';
import { AuthorizationServerUnavailableError, InvalidTokenError } from 'nestjs-mcp';

/** Answers a fake authorization server's request with a JSON body. */
export function json(response: ServerResponse, body: unknown, status = 200): void {
  response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** What a refused verification threw: its class and message. */
export async function refusal(promise: Promise<unknown>): Promise<{ type: string; message: string }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof InvalidTokenError) return { type: 'invalid', message: error.message };
    if (error instanceof AuthorizationServerUnavailableError) return { type: 'unavailable', message: error.message };
    throw error;
  }
  throw new Error('the token was accepted');
}
