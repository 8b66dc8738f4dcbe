// Type-aware lint plus Nx module boundaries (STYLE §1 tags, §6 habit 2).
// The boundary rule reads Nx's cached project graph, so run it through `npm run lint`, which refreshes the
// graph first; a bare `eslint .` on a fresh clone prints "No cached ProjectGraph" and skips that rule.
import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const SERVICES = ['agreements', 'catalog', 'ordering', 'approvals', 'invoicing', 'delivery'];
const INFRASTRUCTURE = ['@nestjs/*', 'typeorm', 'pg', 'kafkajs', '@eventstore/*'];

// Layering: which `type:` a project of each `type:` may import. Only apps choose adapters; services ask for ports.
const LAYERS = {
  'type:kernel': [],
  'type:domain': ['type:kernel'],
  'type:contracts': ['type:kernel'],
  'type:port': ['type:kernel', 'type:contracts', 'type:port'],
  'type:adapter': ['type:kernel', 'type:contracts', 'type:port'],
  'type:nest': ['type:kernel', 'type:contracts', 'type:port', 'type:adapter', 'type:nest'],
  'type:service': ['type:domain', 'type:kernel', 'type:contracts', 'type:port', 'type:nest'],
  'type:app': ['type:service', 'type:nest', 'type:adapter', 'type:port', 'type:kernel', 'type:contracts'],
  'type:testing': ['type:kernel', 'type:contracts', 'type:port', 'type:adapter', 'type:testing'],
  // Tooling (launcher, benchmarks) may measure a service's queries directly, and use other tools (the soak
  // drives the distributed launcher and checks read models with the rebuild's code).
  'type:tooling': ['type:kernel', 'type:contracts', 'type:port', 'type:adapter', 'type:testing', 'type:nest', 'type:service', 'type:tooling'],
};
const BANNED_EXTERNALS = {
  'type:kernel': [...INFRASTRUCTURE, 'class-validator'],
  'type:domain': [...INFRASTRUCTURE, 'class-validator'],
  'type:contracts': INFRASTRUCTURE,
};

/** @param {{ tests: boolean }} options tests may also import `type:testing` libs */
const depConstraints = ({ tests }) => [
  // scope: a service sees only itself and shared code; services meet only through contracts.
  // No rule for scope:shared: apps/embedded and apps/gateway are scope:shared and compose every service,
  // and the type rules already keep shared libs away from domain/service code.
  ...SERVICES.map((service) => ({
    sourceTag: `scope:${service}`,
    onlyDependOnLibsWithTags: [`scope:${service}`, 'scope:shared'],
  })),
  ...Object.entries(LAYERS).map(([sourceTag, allowed]) => ({
    sourceTag,
    onlyDependOnLibsWithTags: tests && !allowed.includes('type:testing') ? [...allowed, 'type:testing'] : allowed,
    ...(BANNED_EXTERNALS[sourceTag] ? { bannedExternalImports: BANNED_EXTERNALS[sourceTag] } : {}),
  })),
];

const TEST_FILES = ['**/*.spec.ts', '**/*.int-spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'];
// Test support that ships inside a lib (port contract suites, fakes) and the testing lib itself.
const TEST_SUPPORT = ['libs/**/src/testing/**/*.ts', 'apps/**/src/testing/**/*.ts', 'libs/platform/testing/**/*.ts'];
const TEST_ONLY_IMPORTS = ['@b2b/event-store/testing', '@b2b/messaging/testing', '@b2b/messaging/test-contracts'];

export default defineConfig([
  {
    ignores: [
      '**/dist/**',
      '**/coverage/**',
      '.nx/**',
      '.scratch/**',
      '.data/**',
      'tmp/**',
      'tools/kafka-test-broker/**',
      // plain JS/ESM config and jest setup files are outside tsconfig.json; only TypeScript is linted
      '**/*.{js,mjs,cjs,d.mts}',
    ],
  },
  ...nx.configs['flat/base'],
  {
    files: ['**/*.ts'],
    extends: [js.configs.recommended, tseslint.configs.recommendedTypeChecked],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      // In files that contain a decorator, typescript-eslint 8 reads experimentalDecorators +
      // emitDecoratorMetadata from tsconfig and does not ask for `import type`, so Nest constructor
      // injection keeps its runtime class references. Everywhere else type-only imports are enforced.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: true },
      ],
      // with verbatimModuleSyntax, `import { type A } from 'x'` keeps a side-effect `import 'x'`
      '@typescript-eslint/no-import-type-side-effects': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      // `const { by: _by, ...rest } = data` is how events and rows drop fields; `_x` marks a deliberate unused
      '@typescript-eslint/no-unused-vars': [
        'error',
        { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_' },
      ],
      // Off on purpose: in-memory adapters implement Promise-returning ports with `async` and no `await` so
      // that a thrown VersionConflict becomes a rejection, exactly like the pg/Kurrent adapters.
      // no-floating-promises and no-misused-promises still catch the real async mistakes.
      '@typescript-eslint/require-await': 'off',
      'max-lines': ['warn', 300],
      '@nx/enforce-module-boundaries': [
        'error',
        { enforceBuildableLibDependency: false, allow: [], depConstraints: depConstraints({ tests: false }) },
      ],
    },
  },
  {
    // Production code must not reach test-only entry points of a port lib or test frameworks.
    files: ['**/*.ts'],
    ignores: [...TEST_FILES, ...TEST_SUPPORT],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [...TEST_ONLY_IMPORTS, '@jest/globals', '@nestjs/testing', 'testcontainers', '@testcontainers/*'],
              message: 'Test-only import: use it from *.spec.ts / *.int-spec.ts / *.e2e-spec.ts or a src/testing/ folder.',
            },
          ],
        },
      ],
    },
  },
  {
    // Deciders are pure: time and ids arrive on the command (STYLE §6 habit 3).
    files: ['libs/*/domain/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: 'Domain code gets time from command.meta.now, not Date.now().',
        },
        {
          selector: "NewExpression[callee.name='Date'][arguments.length=0]",
          message: 'Domain code gets time from command.meta.now, not new Date().',
        },
        {
          selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']",
          message: 'Domain code is deterministic: ids and random values arrive on the command.',
        },
      ],
    },
  },
  {
    files: [...TEST_FILES, ...TEST_SUPPORT],
    rules: {
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      // expect(mock.method).toHaveBeenCalled() is the normal jest idiom
      '@typescript-eslint/unbound-method': 'off',
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: TEST_ONLY_IMPORTS,
          depConstraints: depConstraints({ tests: true }),
        },
      ],
    },
  },
]);
