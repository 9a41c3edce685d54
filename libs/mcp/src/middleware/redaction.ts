/** Key fragments whose values never reach a log line unless the app gives its own list. */
export const DEFAULT_REDACT_KEYS: readonly string[] = [
  'password',
  'passwd',
  'secret',
  'token',
  'authorization',
  'cookie',
  'apikey',
  'api_key',
  'credential',
  'privatekey',
  'private_key',
];

const REDACTED = '[redacted]';
/** Values nested deeper than this are logged as `'[…]'`: logs need the shape, not the whole tree. */
const MAX_DEPTH = 8;

/** Copies a JSON-like value for a log line: secret-looking keys redacted, deep nesting and long output cut. */
export class Redactor {
  private readonly fragments: string[];

  constructor(
    keys: readonly string[],
    private readonly maxLength: number,
  ) {
    this.fragments = keys.map((key) => key.toLowerCase());
  }

  /** The value as it may be logged: a redacted copy, or its JSON cut to `maxLength` characters when longer. */
  loggable(value: unknown): unknown {
    const copy = this.copy(value, 0);
    let json: string | undefined;
    try {
      json = JSON.stringify(copy);
    } catch {
      return '[unserializable]';
    }
    if (json === undefined || json.length <= this.maxLength) return copy;
    return `${json.slice(0, this.maxLength)}… (${json.length} characters)`;
  }

  private copy(value: unknown, depth: number): unknown {
    if (value === null || typeof value !== 'object') return value;
    if (depth >= MAX_DEPTH) return '[…]';
    if (Array.isArray(value)) return value.map((item) => this.copy(item, depth + 1));
    const copy: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) copy[key] = this.isSecret(key) ? REDACTED : this.copy(item, depth + 1);
    return copy;
  }

  private isSecret(key: string): boolean {
    const lower = key.toLowerCase();
    return this.fragments.some((fragment) => lower.includes(fragment));
  }
}
