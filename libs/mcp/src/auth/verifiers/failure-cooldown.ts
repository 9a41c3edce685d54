import { AuthorizationServerUnavailableError } from '../../errors/auth.errors.js';

/**
 * After a failed call to an authorization server, refuses further calls for `cooldownMs` (with the failure's
 * message) instead of asking again: a flood of requests while the server is down does not become a flood of fetches.
 */
export class FailureCooldown {
  private lastFailure?: { at: number; error: AuthorizationServerUnavailableError };

  constructor(private readonly cooldownMs: number) {}

  async run<T>(call: () => Promise<T>): Promise<T> {
    const failure = this.lastFailure;
    if (failure && Date.now() - failure.at < this.cooldownMs) {
      throw new AuthorizationServerUnavailableError(failure.error.message, { cause: failure.error });
    }
    try {
      const result = await call();
      this.lastFailure = undefined;
      return result;
    } catch (error) {
      const unavailable =
        error instanceof AuthorizationServerUnavailableError
          ? error
          : new AuthorizationServerUnavailableError(error instanceof Error ? error.message : String(error), { cause: error });
      this.lastFailure = { at: Date.now(), error: unavailable };
      throw unavailable;
    }
  }
}
