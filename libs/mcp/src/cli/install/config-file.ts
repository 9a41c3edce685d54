import { randomBytes } from 'node:crypto';
import { chmod, lstat, mkdir, readFile, realpath, rename, rm, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { CliError } from '../cli-error.js';
import { ConfigNotWritable, type JsonObject, parseConfigText } from './config-text.js';

/** Config files are small; a larger one is refused rather than read. */
export const MAX_CONFIG_BYTES = 10 * 1024 * 1024;

const BOM = '\uFEFF';

/** A config file as read: where it really is (symbolic links followed), its bytes, and what it holds. */
export interface ConfigFile {
  /** The file written: the target of a symbolic link, so the link stays. */
  realPath: string;
  /** `undefined` when the file does not exist yet. */
  bytes?: Buffer;
  document: JsonObject;
  mode?: number;
  bom: boolean;
}

/** Reads `path`, refusing (with `ConfigNotWritable`) what could not be rewritten without losing something. */
export async function readConfigFile(path: string): Promise<ConfigFile> {
  const realPath = await realPathOf(path);
  const bytes = await boundedRead(realPath, path);
  if (!bytes) return { realPath, document: {}, bom: false };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ConfigNotWritable(`${path} is not UTF-8 text`);
  }
  const bom = text.startsWith(BOM);
  const { mode } = await lstat(realPath);
  return { realPath, bytes, document: parseConfigText(bom ? text.slice(1) : text, path), mode: mode & 0o7777, bom };
}

/**
 * Replaces the file with `document` (2-space JSON, a final newline, its BOM and mode kept): written to a temporary
 * file in the same directory, then renamed over it, so a reader sees the old file or the new one, never half of
 * one. If the file changed since it was read (the client saving its own state), nothing is written.
 */
export async function writeConfigFile(file: ConfigFile, document: JsonObject, shownPath: string): Promise<void> {
  const directory = dirname(file.realPath);
  try {
    await mkdir(directory, { recursive: true });
  } catch (error) {
    throw new CliError(`cannot create ${directory} for ${shownPath}: ${(error as Error).message}`, 1);
  }
  const temporary = join(directory, `.${basename(file.realPath)}.${process.pid}-${randomBytes(6).toString('hex')}.tmp`);
  try {
    await writeFile(temporary, `${file.bom ? BOM : ''}${JSON.stringify(document, null, 2)}\n`, { flag: 'wx' });
    if (file.mode !== undefined) await chmod(temporary, file.mode);
    const now = await boundedRead(file.realPath, shownPath);
    const unchanged = now === undefined || file.bytes === undefined ? now === file.bytes : now.equals(file.bytes);
    if (!unchanged) {
      throw new CliError(`${shownPath} changed while it was being updated; nothing was written: run the command again`, 1);
    }
    await rename(temporary, file.realPath);
  } catch (error) {
    await rm(temporary, { force: true });
    if (error instanceof CliError) throw error;
    throw new CliError(`cannot write ${shownPath}: ${(error as Error).message}`, 1);
  }
}

async function realPathOf(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new ConfigNotWritable(`cannot read ${path}: ${(error as Error).message}`);
    const link = await lstat(path).catch(() => undefined);
    if (link) throw new ConfigNotWritable(`${path} is a symbolic link to a file that does not exist`);
    return path;
  }
}

/**
 * The file's bytes, `undefined` when there is no file. Looked at before it is opened, so a directory, a FIFO (which
 * would block the open) or an oversized file is refused without reading.
 */
async function boundedRead(realPath: string, shownPath: string): Promise<Buffer | undefined> {
  let stats;
  try {
    stats = await stat(realPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ConfigNotWritable(`cannot read ${shownPath}: ${(error as Error).message}`);
  }
  if (stats.isDirectory()) throw new ConfigNotWritable(`${shownPath} is a directory, not a config file`);
  if (!stats.isFile()) throw new ConfigNotWritable(`${shownPath} is not a regular file`);
  if (stats.size > MAX_CONFIG_BYTES) throw new ConfigNotWritable(`${shownPath} is ${stats.size} bytes, more than the ${MAX_CONFIG_BYTES} a config file may have`);
  try {
    return await readFile(realPath);
  } catch (error) {
    throw new ConfigNotWritable(`cannot read ${shownPath}: ${(error as Error).message}`);
  }
}
