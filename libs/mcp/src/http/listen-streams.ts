import type { ServerResponse } from 'node:http';
import type { InboundClassificationOutcome } from '@modelcontextprotocol/server';
import { Inject, Injectable } from '@nestjs/common';
import { MCP_OPTIONS, type McpResolvedOptions } from '../options/mcp-options.js';
import { HttpRefusals, type HttpRefusal } from '../protocol/error-catalogue.js';
import { McpListenTelemetry } from '../telemetry/listen-telemetry.js';
import { clientKeyOf } from './client-key.js';
import { writeRefusal } from './json-rpc-reply.js';
import type { McpNodeRequest } from './node-transport/node-transports.js';

const LISTEN_METHOD = 'subscriptions/listen';

/**
 * The 2026-07-28 `subscriptions/listen` streams open in this process, counted from when one is accepted until its
 * response closes, in all and per client (the principal, or the IP address of an anonymous client), so that
 * `limits.maxListenStreams` and `limits.maxListenStreamsPerClient` hold.
 */
@Injectable()
export class ListenStreams {
  private open = 0;
  private readonly perClient = new Map<string, number>();

  constructor(
    @Inject(MCP_OPTIONS) private readonly options: Pick<McpResolvedOptions, 'limits'>,
    private readonly telemetry: McpListenTelemetry,
  ) {}

  /**
   * For a `subscriptions/listen` request: writes the refusal and returns true when a limit is reached, else counts
   * the stream until `res` closes. Any other request passes untouched.
   */
  refused(route: InboundClassificationOutcome, req: McpNodeRequest, res: ServerResponse): boolean {
    if (route.kind !== 'modern' || route.messageKind !== 'request' || route.message.method !== LISTEN_METHOD) return false;
    const span = this.telemetry.opened(route.message);
    const refusal = this.admit(req, res);
    if (refusal) {
      span.refused(refusal.code, refusal.message);
      writeRefusal(res, refusal, route.message.id);
    } else if (res.closed) span.closed();
    else res.once('close', () => span.closed());
    return refusal !== undefined;
  }

  /** How many streams are open, in all and per client. */
  stats(): { open: number; clients: number } {
    return { open: this.open, clients: this.perClient.size };
  }

  private admit(req: McpNodeRequest, res: ServerResponse): HttpRefusal | undefined {
    const { maxListenStreams, maxListenStreamsPerClient } = this.options.limits;
    const client = listenClientOf(req);
    const held = this.perClient.get(client) ?? 0;
    if (held >= maxListenStreamsPerClient) return HttpRefusals.tooManyClientListenStreams;
    if (this.open >= maxListenStreams) return HttpRefusals.tooManyListenStreams;
    // A response that already closed (the client left while its body was read) emits no further 'close'.
    if (res.closed) return undefined;
    this.open++;
    this.perClient.set(client, held + 1);
    res.once('close', () => this.release(client));
    return undefined;
  }

  private release(client: string): void {
    this.open--;
    const held = (this.perClient.get(client) ?? 1) - 1;
    if (held > 0) this.perClient.set(client, held);
    else this.perClient.delete(client);
  }
}

function listenClientOf(req: McpNodeRequest): string {
  return clientKeyOf(req) ?? 'address:unknown';
}
