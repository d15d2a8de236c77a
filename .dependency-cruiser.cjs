// The layer rules of ARCHITECTURE.md §2. A violation fails `npm test` with the rule's name.
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'common-is-pure',
      comment: 'core/common is pure TypeScript: no node:* modules, no packages, no other layer.',
      severity: 'error',
      from: { path: '^core/common/' },
      to: { pathNot: '^core/common/' },
    },
    {
      name: 'contract-imports-only-common',
      comment: 'core/contract is shared with the renderer, so it may only import core/common.',
      severity: 'error',
      from: { path: '^core/contract/' },
      to: { pathNot: ['^core/contract/', '^core/common/'] },
    },
    {
      name: 'db-imports-only-common',
      comment: 'core/db knows databases, not domains: it imports only core/common (and libraries).',
      severity: 'error',
      from: { path: '^core/db/' },
      to: { path: '^(core|electron|renderer)/', pathNot: ['^core/db/', '^core/common/'] },
    },
    {
      name: 'sessions-imports-db-common',
      comment: 'core/sessions knows user ids, not users: it imports only core/db and core/common.',
      severity: 'error',
      from: { path: '^core/sessions/' },
      to: { path: '^(core|electron|renderer)/', pathNot: ['^core/sessions/', '^core/db/', '^core/common/'] },
    },
    {
      name: 'facility-imports-sync-model-db-common',
      comment: 'core/facility may import core/sync/model, core/db and core/common; reactions to other domains are wired in create-core.ts.',
      severity: 'error',
      from: { path: '^core/facility/' },
      to: { path: '^(core|electron|renderer)/', pathNot: ['^core/facility/', '^core/sync/model/', '^core/db/', '^core/common/'] },
    },
    {
      name: 'facility-internals-private',
      comment: 'Outside core/facility only core/facility/index.ts may be imported: the schema types and repositories stay private, so nothing else can write a facility row.',
      severity: 'error',
      from: { pathNot: '^core/facility/' },
      to: { path: '^core/facility/', pathNot: '^core/facility/index\\.ts$' },
    },
    {
      name: 'sync-imports-model-db-common',
      comment: 'The sync engine sees app tables only through the model registry: it imports core/sync, core/db and core/common.',
      severity: 'error',
      from: { path: '^core/sync/' },
      to: { path: '^(core|electron|renderer)/', pathNot: ['^core/sync/', '^core/db/', '^core/common/'] },
    },
    {
      name: 'core-never-imports-shell-or-ui',
      comment: 'The core runs in any process: it never imports electron/, renderer/, e2e/ or the electron package.',
      severity: 'error',
      from: { path: '^core/' },
      to: { path: ['^electron/', '^renderer/', '^e2e/', '^bench/', '^node_modules/electron/'] },
    },
    {
      name: 'electron-imports-core-entry-only',
      comment: 'The desktop shell imports only core/index.ts, never core internals.',
      severity: 'error',
      from: { path: '^electron/' },
      to: { path: '^core/', pathNot: '^core/index\\.ts$' },
    },
    {
      name: 'renderer-imports-contract-only',
      comment: 'The renderer talks to the core over HTTP: it may import core/contract (and core/common types), nothing else of core or electron.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: ['^core/', '^electron/'], pathNot: ['^core/contract/', '^core/common/'] },
    },
    {
      name: 'renderer-no-node',
      comment: 'The renderer runs in a browser: no node:* modules (its vite config excepted).',
      severity: 'error',
      from: { path: '^renderer/', pathNot: '^renderer/vite\\.config\\.ts$' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      comment: 'Circular imports hide layering mistakes and break initialisation order.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    // Tests and their helpers may reach into any layer to set up a scenario.
    exclude: { path: ['^dist/', '^node_modules/', '\\.test\\.tsx?$', '/test-support/'] },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.base.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], extensions: ['.ts', '.tsx', '.cts', '.js', '.mjs', '.cjs', '.json'] },
    reporterOptions: { text: { highlightFocused: true } },
  },
};
