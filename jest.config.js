// Type checking is done once for the whole tree by `tsc` in `npm test` (tests included);
// ts-jest only transpiles, which keeps the suite fast with the 1 MB generated imports/k8s.ts.
module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json' }] },
  // The examples import the package by its name, as a user's copy of one does: here that is the
  // sources (tsconfig.json maps it the same way for tsc; compiled, Node resolves the package's
  // own name through package.json `exports`).
  moduleNameMapper: { '^cdk8s-clearml-agent$': '<rootDir>/src/index.ts' },
  testTimeout: 30000,
  // Jest's cache (transformed files, timings) lives with the project, not in the temp folder,
  // which a run must leave as it found it.
  cacheDirectory: '<rootDir>/node_modules/.cache/jest',
  // One worker per core. Jest's default leaves one core idle, which on a 2-core machine runs
  // every suite in turn: the CLI suites mostly wait on the child processes they start.
  maxWorkers: '100%',
};
