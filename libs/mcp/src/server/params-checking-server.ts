import { ProtocolError, type JSONRPCRequest, type Result, type ServerContext } from '@modelcontextprotocol/server';
import { MessageRejections } from '../protocol/error-catalogue.js';
import { describeIssues, paramsIssuesOf } from '../protocol/schema-issues.js';
import { LeanServer } from './lean-server.js';

type RequestHandler = (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>;

/**
 * The SDK `Server`, answering a request whose params do not fit its method with `-32602` and a readable message.
 * The SDK validates every spec method's params against its era's schema before the handler runs, but reports a
 * failure as `-32603` with the schema library's raw dump (`-32602` with the dump for `tools/call`). A request that
 * failed validation never reached its handler, so when a handler fails and the request does not validate, the
 * failure was the validation: only then is it re-checked and re-worded, and a valid request costs nothing extra.
 */
export class ParamsCheckingServer extends LeanServer {
  protected override _wrapHandler(method: string, handler: RequestHandler): RequestHandler {
    const served = super._wrapHandler(method, handler);
    return async (request, ctx) => {
      try {
        return await served(request, ctx);
      } catch (error) {
        throw this.invalidParams(method, request) ?? error;
      }
    };
  }

  private invalidParams(method: string, request: JSONRPCRequest): ProtocolError | undefined {
    const codec = this._wireCodec();
    let outcome = codec.validateRequest(method, request);
    // As the SDK does: a 2026-07-28 retry that answers an input round has a schema of its own.
    if (!outcome.ok && outcome.reason === 'not-in-era') outcome = codec.validateInputRequest(method, request);
    if (outcome.ok || outcome.reason !== 'invalid') return undefined;
    const issues = paramsIssuesOf(outcome.message);
    const detail = issues?.length ? describeIssues(issues) : 'the params do not match the method';
    const { code, message } = MessageRejections.invalidParams(method, detail);
    return new ProtocolError(code, message);
  }
}
