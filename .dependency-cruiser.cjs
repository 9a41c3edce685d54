// The layering of libs/mcp/src, enforced: `npm run lint:layers` (part of `npm test`) fails on any import that goes
// up or sideways. The layers themselves live in libs/mcp/layers.json.
const { layers, entryPoints } = require('./libs/mcp/layers.json');

const SRC = '^libs/mcp/src/';
const NOT_A_TEST = '\\.spec\\.ts$';
const folders = layers.flat();
const either = (names) => `(${names.join('|')})`;

/** Folder `folder` (layer `level`) may import nothing from its own layer's other folders or any layer above. */
function layerRule(folder, level) {
  const forbidden = layers.slice(level).flat().filter((other) => other !== folder);
  return {
    name: `layer:${folder}`,
    comment: `${folder}/ is in layer ${level + 1}: it may import only from layers 1-${level} (${layers.slice(0, level).flat().join(', ') || 'none'}).`,
    severity: 'error',
    from: { path: `${SRC}${folder}/`, pathNot: NOT_A_TEST },
    to: { path: `${SRC}${either(forbidden)}/` },
  };
}

module.exports = {
  forbidden: [
    ...layers.flatMap((group, level) => group.map((folder) => layerRule(folder, level))),
    {
      name: 'layer:unlisted-folder',
      comment: 'Every folder of libs/mcp/src belongs to a layer: add a new folder to libs/mcp/layers.json.',
      severity: 'error',
      from: { path: SRC, pathNot: NOT_A_TEST },
      to: { path: `${SRC}(?!${either(folders)}/)[^/]+/` },
    },
    {
      name: 'layer:root-files',
      comment: 'The root files (index.ts, mcp.module.ts, the module definition) are the top: no folder imports them.',
      severity: 'error',
      from: { path: `${SRC}[^/]+/`, pathNot: NOT_A_TEST },
      to: { path: `${SRC}[^/]+\\.ts$` },
    },
    {
      name: 'layer:entry-points',
      comment: `${entryPoints.join(', ')} are separate package entry points: the main one does not import them.`,
      severity: 'error',
      from: { path: `${SRC}[^/]+\\.ts$` },
      to: { path: `${SRC}${either(entryPoints)}/` },
    },
    {
      name: 'optional-peer:terminus',
      comment: '@nestjs/terminus is an optional peer dependency: only the nestjs-mcp/terminus entry point imports it.',
      severity: 'error',
      from: { path: `${SRC}(?!terminus/)` },
      to: { path: 'node_modules/@nestjs/terminus/' },
    },
    {
      name: 'contracts:protocol',
      comment: 'protocol/ holds wire facts: it may use the MCP SDK and Node built-ins only.',
      severity: 'error',
      from: { path: `${SRC}protocol/`, pathNot: NOT_A_TEST },
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-peer', 'npm-optional'], pathNot: 'node_modules/@modelcontextprotocol/server/' },
    },
    {
      name: 'contracts:interfaces',
      comment: 'interfaces/ holds public contracts: the MCP SDK, and types of @nestjs/common and @opentelemetry/api, only.',
      severity: 'error',
      from: { path: `${SRC}interfaces/` },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'npm-peer', 'npm-optional'],
        pathNot: 'node_modules/(@modelcontextprotocol/server|@nestjs/common|@opentelemetry/api)/',
      },
    },
    {
      name: 'contracts:interfaces-types-only',
      comment: 'interfaces/ uses @nestjs/common and @opentelemetry/api for types only.',
      severity: 'error',
      from: { path: `${SRC}interfaces/` },
      to: { path: 'node_modules/(@nestjs/common|@opentelemetry/api)/', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'no-circular',
      comment: 'No module of the library imports itself through others.',
      severity: 'error',
      from: { path: SRC },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: 'libs/mcp/dist' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
  },
};
