import { Server } from '@modelcontextprotocol/server';

type Outcome = { ok: true; value: unknown } | { ok: false; reason: string; message?: string };

/** What specs ask of an era's wire codec. */
export interface ProbedCodec {
  validateRequest(method: string, request: unknown): Outcome;
  validateResult(method: string, result: unknown): Outcome;
}

/** A server whose wire codec a spec can hold the library's own checks against. */
class CodecProbe extends Server {
  constructor(protocolVersion: string | undefined) {
    super({ name: 'probe', version: '1.0.0' }, {});
    this._negotiatedProtocolVersion = protocolVersion;
  }

  codec(): ProbedCodec {
    return this._wireCodec() as unknown as ProbedCodec;
  }
}

/** The SDK's 2025-11-25 wire codec: what an initialized 2025 connection validates with. */
export const legacyCodec = new CodecProbe(undefined).codec();
/** The SDK's 2026-07-28 wire codec: what a 2026-07-28 request is validated with. */
export const modernCodec = new CodecProbe('2026-07-28').codec();
