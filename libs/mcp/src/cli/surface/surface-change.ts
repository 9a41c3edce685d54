/**
 * How a difference between the committed surface and the current one affects the server's clients:
 * - `breaking`: a client or an LLM that worked against the committed surface may now fail (a call refused, a result
 *   it cannot read, a tool auto-approved that should not be);
 * - `compatible`: the surface grew or became more permissive; every existing caller keeps working;
 * - `cosmetic`: only words and pictures changed (titles, descriptions, icons, examples).
 */
export type SurfaceChangeLevel = 'breaking' | 'compatible' | 'cosmetic';

/** One difference, as `check` reports it. */
export interface SurfaceChange {
  level: SurfaceChangeLevel;
  /** The entry that changed, named as a client knows it: `tool "addNote"`, `resource "notes://all"`. */
  component: string;
  /** Where inside the entry, dotted (`inputSchema.properties.tags`); `''` for the entry as a whole. */
  path: string;
  /** One line in plain words: `input property "tags" is now required`. */
  message: string;
}
