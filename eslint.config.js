// ESLint: JavaScript and TypeScript recommended rules, Svelte's, and the project's own few.
import js from '@eslint/js';
import svelte from 'eslint-plugin-svelte';
import globals from 'globals';
import ts from 'typescript-eslint';
import svelteConfig from './svelte.config.js';

export default ts.config(
  { ignores: ['dist/', 'coverage/', 'node_modules/', '.vite/', 'test-results/'] },
  js.configs.recommended,
  ...ts.configs.recommended,
  ...svelte.configs.recommended,
  {
    languageOptions: { globals: { ...globals.browser, ...globals.node } },
    rules: {
      // Unused code is found by the compiler (noUnusedLocals / noUnusedParameters) and knip.
      '@typescript-eslint/no-unused-vars': 'off',
      // An empty catch swallows an error: never allowed.
      'no-empty': ['error', { allowEmptyCatch: false }],
      // Type-only imports are marked; `typeof import('…')` stays allowed for modules loaded lazily.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports', disallowTypeAnnotations: false }],
      eqeqeq: ['error', 'smart'],
      // Reactive state lives in $state fields; the Maps and Sets this rule flags are private caches and
      // locals that must not trigger updates.
      'svelte/prefer-svelte-reactivity': 'off',
    },
  },
  {
    files: ['**/*.svelte', '**/*.svelte.ts'],
    languageOptions: { parserOptions: { parser: ts.parser, extraFileExtensions: ['.svelte'], svelteConfig } },
  },
);
