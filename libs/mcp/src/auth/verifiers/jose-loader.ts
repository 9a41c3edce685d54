export type Jose = typeof import('jose');

let loading: Promise<Jose> | undefined;

/** jose, imported on first use: servers that never verify a token (stdio start-up is benchmarked) never load it. */
export function loadJose(): Promise<Jose> {
  loading ??= import('jose').catch((error: unknown) => {
    loading = undefined;
    throw error;
  });
  return loading;
}
