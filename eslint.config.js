// ESLint flat config: type-aware TypeScript rules plus the layer rules of DESIGN §2.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const layer = (names, why) =>
  names.map((name) => ({ group: [`**/${name}/**`, `**/${name}`], message: why }));

const nodeBuiltins = {
  group: ['node:*', 'fs', 'path', 'os', 'child_process', 'worker_threads', 'crypto', 'process'],
  message: 'src/core is pure: I/O and the host belong in src/adapters.',
};

const coreBans = {
  'no-restricted-globals': [
    'error',
    { name: 'Date', message: 'src/core is deterministic: use tick time (ts) or the Clock port.' },
    { name: 'process', message: 'src/core may not read the environment or the process.' },
    { name: 'setTimeout', message: 'src/core has no timers: schedule by tick time.' },
    { name: 'setInterval', message: 'src/core has no timers: schedule by tick time.' },
    { name: 'setImmediate', message: 'src/core has no timers: schedule by tick time.' },
    { name: 'queueMicrotask', message: 'src/core is synchronous.' },
    { name: 'performance', message: 'src/core may not read the wall clock.' },
    { name: 'crypto', message: 'src/core has no randomness of its own: use the Rng port.' },
    { name: 'console', message: 'src/core logs through the Logger port.' },
  ],
  'no-restricted-properties': [
    'error',
    { object: 'Math', property: 'random', message: 'src/core uses the seeded Rng port.' },
  ],
  'no-restricted-syntax': [
    'error',
    { selector: "NewExpression[callee.name='Date']", message: 'src/core may not read the wall clock.' },
    { selector: 'AwaitExpression', message: 'The kernel is synchronous: no await in src/core.' },
  ],
};

/** A deterministic layer: the core bans plus imports of the named project folders refused with `why`. */
function pureLayer(dir, why, forbidden) {
  return {
    files: [`${dir}/**/*.ts`],
    rules: {
      ...coreBans,
      'no-restricted-imports': ['error', { patterns: [nodeBuiltins, ...layer(forbidden, why)] }],
    },
  };
}

export default tseslint.config(
  { ignores: ['dist/**', 'build/**', 'node_modules/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: { allowDefaultProject: ['eslint.config.js', 'test/mcp/*.mjs'] }, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      'no-console': 'error',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
    },
  },
  pureLayer('src/core', 'src/core imports nothing of the project but itself (DESIGN §2).', [
    'adapters', 'app', 'api', 'sim', 'backtest', 'analytics', 'advisor', 'experiments', 'cli', 'mcp-server',
  ]),
  pureLayer('src/sim', 'src/sim (simulated market and venue) is pure and imports only src/core.', [
    'adapters', 'app', 'api', 'backtest', 'analytics', 'advisor', 'experiments', 'cli', 'mcp-server',
  ]),
  {
    files: ['src/app/**/*.ts', 'src/cli/**/*.ts', 'src/adapters/**/*.ts'],
    ignores: ['src/adapters/store/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        { paths: [{ name: 'better-sqlite3', message: 'Only src/adapters/store talks to SQLite; use its TradeBook and ControlStore.' }] },
      ],
    },
  },
  {
    files: ['src/backtest/**/*.ts', 'src/analytics/**/*.ts', 'src/experiments/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: layer(
            ['adapters', 'app', 'api', 'cli', 'mcp-server'],
            'backtest and analytics import core and sim only; I/O comes in through the composition root.',
          ),
        },
      ],
    },
  },
  {
    files: ['src/cli/**/*.ts', 'src/adapters/**/*.ts', 'bench/**/*.ts'],
    rules: { 'no-console': 'off' },
  },
  { files: ['**/*.js'], ...tseslint.configs.disableTypeChecked },
  // The dashboard runs in the browser: its globals, read-only.
  {
    files: ['dashboard/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['document', 'window', 'location', 'Node', 'URLSearchParams', 'sessionStorage', 'fetch', 'AbortController', 'TextDecoder', 'setTimeout', 'setInterval', 'clearInterval'].map((name) => [name, 'readonly']),
      ),
    },
  },
  {
    files: ['test/**/*.ts'],
    rules: {
      'no-console': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/unbound-method': 'off',
    },
  },
);
