/** A failure the command explains itself: printed as `nestjs-mcp: <message>` on stderr, no stack, with its exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    /** 1: the check or call failed; 2: bad usage or a server that could not be reached or loaded. */
    readonly exitCode: 1 | 2 = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
