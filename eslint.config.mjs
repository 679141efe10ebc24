// ESLint: typescript-eslint's type-aware rules over the whole TypeScript tree (src, test, bench, scripts, examples).
// Prettier owns formatting: eslint-config-prettier, last, turns off every rule that would argue with it.
// CONTRIBUTING.md says which rules are on and why.
import js from '@eslint/js'
import comments from '@eslint-community/eslint-plugin-eslint-comments/configs'
import prettier from 'eslint-config-prettier'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/', 'node_modules/', '.cache/', 'coverage/', 'java/', '**/*.cjs', '**/*.mjs', 'jest.config.js'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  comments.recommended,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      // Every eslint-disable says why on its own line: `// eslint-disable-next-line rule -- reason`.
      '@eslint-community/eslint-comments/require-description': 'error',
      '@eslint-community/eslint-comments/no-unlimited-disable': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true },
      ],
      // A promise nobody awaits or handles is how a rejection goes missing: the scheduler, the emulator and the
      // credential cache run work in the background on purpose, and mark it with `void`.
      '@typescript-eslint/no-floating-promises': ['error', { ignoreVoid: true }],
      // A switch over a union that misses a member (a new error code, check or fault) fails here, not in use.
      '@typescript-eslint/switch-exhaustiveness-check': ['error', { considerDefaultExhaustiveForUnions: true }],
      // `return promise` inside try/catch skips the catch when it rejects: await it there.
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      // Passing on a rejection as it came (withTimeout, the retriers) is not inventing a non-Error one.
      '@typescript-eslint/prefer-promise-reject-errors': ['error', { allowThrowingUnknown: true }],
      // Wire and input validation match control characters on purpose (SASL's \x01 separators, TLS record
      // bytes, characters a header value must not hold, ANSI colour codes in tool output).
      'no-control-regex': 'off',
    },
  },
  {
    // The shipped .d.ts files keep src/'s imports: `import net from 'node:net'` there fails to compile for a user
    // without esModuleInterop (TS1192). Namespace or named imports compile under every setting.
    files: ['src/**'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ImportDeclaration[source.value=/^node:/] > ImportDefaultSpecifier',
          message:
            "No default import of a Node builtin in src/ (TS1192 in the shipped .d.ts without esModuleInterop): use `import * as net from 'node:net'` or named imports.",
        },
      ],
    },
  },
  {
    // Test doubles implement async interfaces (credential providers, kafkajs's request/response objects): an
    // `async` stub without `await` is the interface's shape, and keeps a throw a rejection as in real code.
    // The examples' kafkajs handlers (`eachMessage`) are async as an application's would be that awaits its work.
    files: ['test/**', 'bench/**', 'scripts/**', 'examples/**'],
    rules: { '@typescript-eslint/require-await': 'off' },
  },
  prettier,
)
