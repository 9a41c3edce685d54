import {
  CLIENT_CAPABILITIES_META_KEY,
  LOG_LEVEL_META_KEY,
  MissingRequiredClientCapabilityError,
  ProtocolError,
  ProtocolErrorCode,
  SdkError,
  SdkErrorCode,
  type ClientCapabilities,
  type InputRequiredResult,
  type JSONRPCErrorResponse,
  type JSONRPCNotification,
  type JSONRPCResponse,
  type LoggingLevel,
} from '@modelcontextprotocol/server';
import { missingInputCapabilities } from '../protocol/input-capabilities.js';
import { INPUT_ROUND_METHODS } from '../protocol/input-rounds.js';
import { MODERN_PROTOCOL_VERSION } from '../protocol/modern-hot-request.js';
import { isAtLeast } from '../session/session-log-level.js';
import type { HotCallLink } from './hot-call.js';

/*
 * What the SDK's per-request serving of a 2026-07-28 request does around its handler, for the requests
 * `HotPathServer.serveExchange` answers itself.
 */

/**
 * The HTTP exchange of one 2026-07-28 request the server answers itself: what the handler sends before its answer
 * (progress, log messages), then the answer, which ends it.
 */
export interface HotExchange {
  relate(message: JSONRPCNotification): void;
  answer(message: JSONRPCResponse | JSONRPCErrorResponse): void;
  /** Set by the server: called once when the client goes away before the answer. */
  onabandoned?: () => void;
}

/**
 * A 2026-07-28 call's own messages go on its exchange; a log message only when the envelope names a level it meets;
 * the revision has no server-to-client requests (the handler returns an input-required result instead).
 */
export function exchangeLink(exchange: HotExchange, envelope: Record<string, unknown>): HotCallLink {
  const threshold = envelope[LOG_LEVEL_META_KEY] as LoggingLevel | undefined;
  return {
    notify: async (notification) => exchange.relate({ jsonrpc: '2.0', ...notification }),
    send: async ([outbound]) => {
      throw new SdkError(
        SdkErrorCode.MethodNotSupportedByProtocolVersion,
        `Server-to-client requests are not available on protocol revision ${MODERN_PROTOCOL_VERSION}: '${outbound.method}' cannot be sent while serving a request on that revision. Return inputRequired({ ... }) from the handler instead.`,
      );
    },
    logs: (level) => threshold !== undefined && isAtLeast(level, threshold),
  };
}

/**
 * A handler's failure as the SDK answers it on 2026-07-28: a URL elicitation cannot be signalled by throwing there
 * (the handler returns an input-required result instead).
 */
export function modernFailure(error: unknown): unknown {
  if (!(error instanceof ProtocolError) || error.code !== ProtocolErrorCode.UrlElicitationRequired) return error;
  return new ProtocolError(
    ProtocolErrorCode.InternalError,
    `URL elicitation cannot be signalled by throwing UrlElicitationRequiredError on protocol revision ${MODERN_PROTOCOL_VERSION}: return inputRequired({ inputRequests: { …: inputRequired.elicitUrl(...) } }) from the handler instead.`,
  );
}

/**
 * The SDK's input-required seam for a 2026-07-28 request: only the methods with input rounds may return one, which
 * must carry input requests or state, and may ask only what the request's envelope declares the client can answer.
 */
export function checkedInputRound(method: string, result: InputRequiredResult, envelope: Record<string, unknown>): InputRequiredResult {
  if (!INPUT_ROUND_METHODS.has(method)) {
    throw new ProtocolError(ProtocolErrorCode.InternalError, `Handler for ${method} returned an input-required result, but only tools/call, prompts/get and resources/read support input_required (protocol revision ${MODERN_PROTOCOL_VERSION})`);
  }
  checkInputRequests(method, result, envelope[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined);
  return result;
}

function checkInputRequests(method: string, result: InputRequiredResult, declared: ClientCapabilities | undefined): void {
  const requests = result.inputRequests ?? {};
  const keys = Object.keys(requests);
  if (!keys.length && typeof result.requestState !== 'string') {
    throw new ProtocolError(ProtocolErrorCode.InternalError, `Handler for ${method} returned an input-required result with neither inputRequests nor requestState (every InputRequiredResult must include at least one of the two)`);
  }
  for (const key of keys) {
    const entry = requests[key];
    const missing = missingInputCapabilities(entry, declared);
    if (missing) {
      throw new MissingRequiredClientCapabilityError(
        { requiredCapabilities: missing },
        `Cannot request input '${key}' (${(entry as { method?: string }).method}): the request's client capabilities do not declare the required capability`,
      );
    }
  }
}
