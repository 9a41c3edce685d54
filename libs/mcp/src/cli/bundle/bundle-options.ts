import { isAbsolute } from 'node:path';
import type { BuildOptions, Plugin } from 'esbuild';

/** What `nestjs-mcp bundle` was asked for, paths resolved. */
export interface BundleRequest {
  /** A compiled JavaScript entry point (`dist/stdio.js`): its decorator metadata was emitted by tsc or SWC. */
  entry: string;
  /** The ES module to write (`.mjs`). */
  out: string;
  /** Packages left as run-time imports. */
  external: readonly string[];
  sourcemap: boolean;
}

/** Names the banner defines for bundled CommonJS code; unusual so that no bundled module declares them too. */
const BUNDLE_FILE = '__nestjsMcpBundleFile';
const BUNDLE_DIR = '__nestjsMcpBundleDir';

/**
 * CommonJS code bundled into an ES module still calls `require` for Node's built-in modules and the packages left out,
 * and may read `__dirname`/`__filename`: the banner gives it a `require` and both paths (those of the bundle).
 */
const BANNER = [
  "import { createRequire as __nestjsMcpCreateRequire } from 'node:module';",
  "import { fileURLToPath as __nestjsMcpFileUrlToPath } from 'node:url';",
  'const require = __nestjsMcpCreateRequire(import.meta.url);',
  `const ${BUNDLE_FILE} = __nestjsMcpFileUrlToPath(import.meta.url);`,
  `const ${BUNDLE_DIR} = import.meta.dirname;`,
].join('\n');

/**
 * esbuild's options for one ES module holding the app and its dependencies, whitespace and syntax minified (less to
 * read and parse at start; names kept), and:
 * - no code splitting: esbuild's chunks give `import()` of a CommonJS package (class-transformer) only a default
 *   export, where Node gives its named exports too;
 * - `keepNames`: Nest and its logs read class names;
 * - no tsconfig: `paths` mapping a package to its TypeScript sources would bring in code without decorator metadata
 *   (esbuild cannot emit it), so the entry and every import are taken as built;
 * - packages that are not installed stay imports (Nest's optional ones, loaded in try/catch), see `optionalPackages`.
 */
export function bundleOptions(request: BundleRequest): BuildOptions & { write: true; metafile: true } {
  return {
    entryPoints: [request.entry],
    outfile: request.out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20.19',
    keepNames: true,
    minifySyntax: true,
    minifyWhitespace: true,
    tsconfigRaw: {},
    external: [...request.external],
    define: { __filename: BUNDLE_FILE, __dirname: BUNDLE_DIR },
    banner: { js: BANNER },
    sourcemap: request.sourcemap ? 'linked' : false,
    legalComments: 'none',
    logLevel: 'silent',
    write: true,
    metafile: true,
    plugins: [optionalPackages()],
  };
}

/**
 * Bare imports that do not resolve are left to run time instead of failing the build: Nest loads
 * `@nestjs/microservices`, `@nestjs/websockets` and others only when installed, inside try/catch.
 */
function optionalPackages(): Plugin {
  return {
    name: 'nestjs-mcp-optional-packages',
    setup(build) {
      build.onResolve({ filter: /^[^./]/ }, async (args) => {
        if (args.pluginData === optionalPackages || args.path.startsWith('node:') || isAbsolute(args.path)) return undefined;
        const resolved = await build.resolve(args.path, { kind: args.kind, importer: args.importer, resolveDir: args.resolveDir, pluginData: optionalPackages });
        if (resolved.errors.length) return { path: args.path, external: true };
        const { path, external, namespace, sideEffects, suffix } = resolved;
        return { path, external, namespace, sideEffects, suffix };
      });
    },
  };
}
