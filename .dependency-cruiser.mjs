// Import rules of src/ (STYLE.md, "Imports point one way"), checked by `npm run lint` and drawn by
// `npm run architecture`. Rules match resolved paths, so `../x.js` and `../../x.js` are told apart
// by where they land, not by how they are spelled. Each message says how to fix the import.

/** Modules that pick or are a concrete store (memory or Redis): only the roots choose one. */
const CONCRETE_STATE = '^src/state/(memory-kv|redis|redis-kv|redis-locks|redis-storage|redis-stores|storage|open-store|store-rate-limiter|unavailable)[.]ts$';

/** @type {import('dependency-cruiser').IConfiguration} */
export default {
  forbidden: [
    {
      name: 'shared-is-a-leaf',
      comment: 'src/shared/ is used by everything and uses nothing of ours: move the code it needs into shared/ or the import out of it.',
      severity: 'error',
      from: { path: '^src/shared/' },
      to: { path: '^src/', pathNot: '^src/shared/' },
    },
    {
      name: 'domain-uses-only-shared',
      comment: 'src/domain/ holds rules (NIR, password, identifier) with no I/O: it may use shared/ only.',
      severity: 'error',
      from: { path: '^src/domain/' },
      to: { path: '^src/', pathNot: '^src/(domain|shared)/' },
    },
    {
      name: 'knowledge-and-nlu-are-pure',
      comment:
        'knowledge/ and nlu/ answer questions about text and content: they never reach the engine, a channel, the server, configuration, storage, advisors, feedback or the backend. Pass what they need as arguments, or move the code that needs those to its caller.',
      severity: 'error',
      from: { path: '^src/(knowledge|nlu)/' },
      to: { path: '^src/(engine|channels|server|config|cli|state|handoff|feedback|backend)/' },
    },
    {
      name: 'http-only-at-the-edges',
      comment: 'express is for HTTP surfaces: put the route in src/channels/ (or the simulator\'s http/) and mount it in src/server/channels.ts.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(channels|server|backend/simulator)/' },
      to: { path: 'node_modules/(express|@types/express)/' },
    },
    {
      name: 'channels-never-import-each-other',
      comment: 'A channel translates its own protocol only: move what two channels share into src/channels/shared/.',
      severity: 'error',
      from: { path: '^src/channels/([^/]+)/' },
      to: { path: '^src/channels/', pathNot: ['^src/channels/$1/', '^src/channels/shared/'] },
    },
    {
      name: 'channels-talk-to-the-engine-interface',
      comment: 'Channels see the Engine interface of src/shared/conversation.ts, never the engine, the server or configuration: the server passes them what they need.',
      severity: 'error',
      from: { path: '^src/channels/' },
      to: { path: '^src/(engine|server|config|cli)/' },
    },
    {
      name: 'engine-sees-only-interfaces',
      comment:
        'The engine reaches the backend through the BackendClient interface (src/backend/client/types.ts) it is given, never the HTTP client or the simulator, and no channel: the server passes it what it needs.',
      severity: 'error',
      from: { path: '^src/engine/' },
      to: { path: '^src/(channels|backend/simulator)/|^src/backend/client/(?!types[.]ts$)' },
    },
    {
      name: 'backend-contract-knows-no-user',
      comment:
        'src/backend/api-schemas/ is the backend contract written once: the client, the simulator and the engine derive from it, so it imports none of them (domain/ and shared/ only). Move the type the contract needs into api-schemas/ and let the user import it from there.',
      severity: 'error',
      from: { path: '^src/backend/api-schemas/' },
      to: { path: '^src/', pathNot: '^src/(backend/api-schemas|domain|shared)/' },
    },
    {
      name: 'only-roots-pick-concrete-stores',
      comment:
        'Only src/server/ and src/cli/ choose memory or Redis (src/state/open-store.ts): take a KeyValueStore (state/kv.ts), a Storage (state/storage-contract.ts) or ConversationLocks as an argument instead.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(server|cli|state)/' },
      to: { path: CONCRETE_STATE },
    },
    {
      name: 'only-roots-read-configuration',
      comment: 'Configuration is read once by a process\'s composition root (src/server/, src/cli/): pass the values down as options.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(server|cli|config)/' },
      to: { path: '^src/config/' },
    },
    {
      name: 'nothing-imports-a-root',
      comment: 'src/server/ and src/cli/ compose the others; nothing below them imports them (a command-line program may start a server through src/server/).',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/(server|cli)/' },
      to: { path: '^src/(server|cli)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: { path: ['^src/', 'node_modules/(express|@types/express)/'] },
    // Type-only imports count: an interface is a dependency of the design even when erased.
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { extensions: ['.ts', '.js'], exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'] },
    moduleSystems: ['es6'],
  },
};
