// oidc-provider 9 ships no type declarations: the little of it test/helpers/oidc-issuer.ts uses.
declare module 'oidc-provider' {
  import type { IncomingMessage, ServerResponse } from 'node:http';

  /** The Koa context oidc-provider hands its middleware and callbacks (only what the harness reads). */
  export interface KoaContextWithOIDC {
    method: string;
    path: string;
    status: number;
    querystring: string;
    oidc?: { body?: Record<string, string | string[] | undefined>; params?: Record<string, unknown> };
  }

  export type Middleware = (ctx: KoaContextWithOIDC, next: () => Promise<void>) => Promise<void>;

  export interface Account {
    accountId: string;
    claims(use: string, scope: string, claims: unknown, rejected: string[]): Promise<Record<string, unknown>> | Record<string, unknown>;
  }

  /** What `extraTokenClaims` and `ttl` get as `token`. */
  export interface TokenLike {
    kind: string;
    accountId?: string;
    clientId?: string;
    scope?: string;
    resourceServer?: { accessTokenTTL?: number; audience?: string };
  }

  export type Configuration = Record<string, unknown>;

  export class Provider {
    constructor(issuer: string, configuration?: Configuration);
    readonly issuer: string;
    callback(): (req: IncomingMessage, res: ServerResponse) => void;
    use(middleware: Middleware): void;
    on(event: string, listener: (...args: any[]) => void): this;
  }

  export const errors: {
    InvalidTarget: new (description?: string) => Error;
  };

  export default Provider;
}
