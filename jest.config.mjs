// Test speed classes by suffix (STYLE §6.8): *.spec.ts pure, *.int-spec.ts real PostgreSQL / Kafka test
// broker, *.e2e-spec.ts over HTTP on booted apps. ESM throughout: run with --experimental-vm-modules.
import { readFileSync } from 'node:fs';

const swc = JSON.parse(readFileSync(new URL('./.swcrc', import.meta.url), 'utf8'));
delete swc.$schema;
const { compilerOptions } = JSON.parse(readFileSync(new URL('./tsconfig.base.json', import.meta.url), 'utf8'));

const moduleNameMapper = { '^(\\.{1,2}/.*)\\.js$': '$1' };
for (const [alias, [target]] of Object.entries(compilerOptions.paths)) {
  moduleNameMapper[`^${alias.replace(/[/.]/g, '\\$&')}$`] = `<rootDir>/${target.replace(/^\.\//, '')}`;
}

const common = {
  rootDir: '.',
  extensionsToTreatAsEsm: ['.ts'],
  transform: { '^.+\\.ts$': ['@swc/jest', { ...swc, swcrc: false }] },
  moduleNameMapper,
  testEnvironment: 'node',
  setupFiles: ['reflect-metadata'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/tools/kafka-test-broker/.build/'],
};

export default {
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/{apps,libs,tools}/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'int',
      setupFilesAfterEnv: ['<rootDir>/libs/platform/testing/src/slow-tests.setup.ts'],
      testMatch: ['<rootDir>/{apps,libs,tools}/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/libs/platform/testing/src/global-setup.mjs',
      globalTeardown: '<rootDir>/libs/platform/testing/src/global-teardown.mjs',
    },
    {
      ...common,
      displayName: 'e2e',
      setupFilesAfterEnv: ['<rootDir>/libs/platform/testing/src/slow-tests.setup.ts'],
      testMatch: ['<rootDir>/{apps,libs,test,tools}/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/libs/platform/testing/src/global-setup.mjs',
      globalTeardown: '<rootDir>/libs/platform/testing/src/global-teardown.mjs',
    },
  ],
};
