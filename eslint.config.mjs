import pluginVue from 'eslint-plugin-vue'
import globals from 'globals'
import tseslint from 'typescript-eslint'

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.data/**', 'bench/results.*'] },
  ...tseslint.configs.recommended,
  ...pluginVue.configs['flat/essential'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      // uni-app injects `uni`, `wx` and friends as globals in every target.
      globals: { uni: 'readonly', wx: 'readonly', getApp: 'readonly', getCurrentPages: 'readonly' },
    },
    rules: {
      // uni-app pages use lower-case single-word names (pages/register/register.vue).
      'vue/multi-word-component-names': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true }],
    },
  },
  {
    // src/ and unicloud/ are the phone runtime: no Node or browser globals may creep in.
    files: ['src/**/*.ts', 'unicloud/**/*.ts'],
    languageOptions: { globals: {} },
    rules: {
      'no-restricted-globals': [
        'error',
        ...['URL', 'URLSearchParams', 'AbortController', 'fetch', 'structuredClone', 'Buffer', 'process', 'window'].map((name) => ({
          name,
          message: `WeChat's runtime on phones has no ${name} (docs/design.md, "Globals that phones lack").`,
        })),
      ],
    },
  },
  {
    // The core, small enough to read whole: a file has one job, a function one step (docs/design.md).
    files: ['src/**/*.ts'],
    rules: {
      'max-lines': ['error', { max: 200 }],
      'max-lines-per-function': ['error', { max: 60 }],
    },
  },
  {
    // What ships: an app built with `build.target: 'es6'` turns every async function into a
    // generator state machine (docs/design.md, "What costs bytes"), so shipped code chains promises.
    files: ['src/**/*.ts', 'composables/**/*.ts', 'stores/**/*.ts', 'unicloud/**/*.ts', 'devtools/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        ...[':function[async=true]', 'AwaitExpression'].map((selector) => ({
          selector,
          message: 'No async/await in shipped code: chain promises (docs/design.md, "What costs bytes").',
        })),
      ],
    },
  },
  {
    files: ['server/**/*.ts', 'scripts/**/*.ts', 'testing/**/*.ts', 'tests/**/*.ts', 'bench/**/*.ts', 'docs/.vitepress/**/*.ts', '*.config.*'],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    // Test helpers type platform results loosely on purpose: each test knows which API it called.
    files: ['tests/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off' },
  },
)
