// Flat config: typescript-eslint's recommended rules for the TypeScript sources, tests and benchmarks,
// and the layers (CONTRIBUTING.md, "Which way imports point"): server → app → features → platform → domain.
import { defineConfig } from 'eslint/config';
import tseslint from 'typescript-eslint';

const noApp = {
  group: ['**/app.ts', '!**/test-support/app.ts', '**/server.ts', '!**/tracker/server.ts', '!**/e2e/support/server.ts'],
  message: 'Nothing imports app.ts or server.ts: they are the top of the tree (types live in services.ts).',
};
// Row types may be shared (`import type`); queries may not: another feature's data comes through its service.
const noOtherRepository = {
  group: ['../*/repository.ts', '../../*/repository.ts', '**/features/*/repository.ts'],
  message: "A feature reads another feature's data through that feature's service, never its repository (import type of a row is fine).",
  allowTypeImports: true,
};
const pureDomain = {
  group: ['**/platform/**', '**/db/**', '**/features/**', '**/paths.ts', 'express', 'nunjucks', 'pg', '@electric-sql/*', 'nodemailer', 'helmet'],
  message: 'domain/ holds the source documents’ rules as pure functions: no framework, database, platform or feature imports.',
};
const noFeatures = { group: ['**/features/**'], message: 'platform/ serves the features; it never imports one.' };

export default defineConfig(
  { ignores: ['node_modules/**', 'public/**', 'data/**', 'screenshots/**', 'test-results/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  {
    files: ['src/**/*.ts', 'e2e/**/*.ts', 'bench/**/*.ts'],
    extends: [tseslint.configs.recommended],
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ['src/server.ts', 'src/test-support/**'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noApp] }] },
  },
  { files: ['src/features/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noApp, noOtherRepository] }] } },
  {
    files: ['src/platform/**/*.ts'],
    ignores: ['src/platform/**/*.test.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [noApp, noFeatures] }] },
  },
  { files: ['src/domain/**/*.ts'], rules: { '@typescript-eslint/no-restricted-imports': ['error', { patterns: [pureDomain] }] } },
);
