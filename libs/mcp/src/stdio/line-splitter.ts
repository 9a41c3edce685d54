/**
 * Cuts a byte stream into newline-terminated lines (a trailing `\r` dropped), holding at most `maxBytes` of one
 * line: a longer line is reported once as oversized and skipped up to its newline.
 */
export class LineSplitter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private skipping = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onLine: (line: string) => void,
    private readonly onOversized: () => void,
  ) {}

  push(chunk: Buffer | string): void {
    let data = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    for (let newline = data.indexOf(0x0a); newline !== -1; newline = data.indexOf(0x0a)) {
      this.hold(data.subarray(0, newline));
      data = data.subarray(newline + 1);
      const skipped = this.skipping;
      const line = skipped ? '' : Buffer.concat(this.pending).toString('utf8');
      this.clear();
      if (!skipped) this.onLine(line.endsWith('\r') ? line.slice(0, -1) : line);
    }
    if (data.length > 0) this.hold(data);
  }

  clear(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = false;
  }

  private hold(data: Buffer): void {
    if (this.skipping) return;
    if (this.pendingBytes + data.length > this.maxBytes) {
      this.pending = [];
      this.pendingBytes = 0;
      this.skipping = true;
      this.onOversized();
      return;
    }
    this.pending.push(data);
    this.pendingBytes += data.length;
  }
}
