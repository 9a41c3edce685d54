/** Writes to stdout and resolves once the text is handed to the OS, so `process.exit` afterwards loses nothing. */
export function print(text: string): Promise<void> {
  return write(process.stdout, text.endsWith('\n') ? text : `${text}\n`);
}

/** The same on stderr: diagnostics, never the command's result. */
export function printError(text: string): Promise<void> {
  return write(process.stderr, text.endsWith('\n') ? text : `${text}\n`);
}

/** Pretty JSON, as every `--json` output and the surface file are written. */
export function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

/**
 * Text a server sent, made safe for a terminal: control characters (escape sequences that could move the cursor, hide
 * text or retitle the window) are shown as `\u001b` and the like instead of being obeyed. Newlines and tabs stay.
 */
export function terminalSafe(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029]/g, (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve, reject) => stream.write(text, (error) => (error ? reject(error) : resolve())));
}
