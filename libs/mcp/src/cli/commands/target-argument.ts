/** The help text of every command's `[target]` argument. */
export const TARGET_ARGUMENT =
  'the server: a compiled module file (default dist/app.module.js; file.js#ExportName picks the export) or an http(s):// URL; --command for stdio';
