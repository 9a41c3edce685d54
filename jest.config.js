const swcTs = {
  jsc: {
    parser: { syntax: 'typescript', decorators: true },
    transform: { legacyDecorator: true, decoratorMetadata: true },
    target: 'es2022',
  },
};

export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/src', '<rootDir>/libs', '<rootDir>/test'],
  testRegex: '\\.(spec|e2e-spec)\\.ts$',
  moduleFileExtensions: ['ts', 'js', 'json'],
  extensionsToTreatAsEsm: ['.ts'],
  setupFiles: ['reflect-metadata'],
  modulePathIgnorePatterns: ['<rootDir>/dist', '<rootDir>/libs/mcp/dist'],
  moduleNameMapper: {
    '^nestjs-mcp$': '<rootDir>/libs/mcp/src/index.ts',
    '^nestjs-mcp/testing$': '<rootDir>/libs/mcp/src/testing/index.ts',
    '^nestjs-mcp/redis$': '<rootDir>/libs/mcp/src/redis/index.ts',
    '^nestjs-mcp/terminus$': '<rootDir>/libs/mcp/src/terminus/index.ts',
    '^(\\.{1,2}/.*)\\.js$': '$1',
  },
  transform: {
    '^.+\\.ts$': ['@swc/jest', swcTs],
    // fastify.inject -> light-my-request (CJS) -> require('cookie') v2 (ESM-only); jest can't require(esm) before Node 24.9
    '/node_modules/(.+/)?cookie/.+\\.js$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'ecmascript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
  },
  transformIgnorePatterns: ['/node_modules/(?!((.+/)?node_modules/)?cookie/)'],
  testTimeout: 30000,
};
