import type { CapsimModel, FlagSpec, ModelCatalog } from './registry.js';

interface Entry {
  name: string;
  /** The model's flags alone (its flags.ts): what parsing a command line needs. */
  flags(): Promise<Record<string, FlagSpec>>;
  model(): Promise<CapsimModel>;
}

/**
 * Every model the CLI knows, in the order it lists them, each loaded only when a command line needs
 * it: a prediction loads its own model and the others' flags. Adding a model = one folder + one line here.
 */
const ENTRIES: readonly Entry[] = [
  { name: 'chat', flags: async () => (await import('./chat/flags.js')).chatFlags, model: async () => (await import('./chat/index.js')).chatModel },
  { name: 'feed', flags: async () => (await import('./feed/flags.js')).feedFlags, model: async () => (await import('./feed/index.js')).feedModel },
  { name: 'highscore', flags: async () => (await import('./highscore/flags.js')).highscoreFlags, model: async () => (await import('./highscore/index.js')).highscoreModel },
  { name: 'leaderboard', flags: async () => (await import('./leaderboard/flags.js')).leaderboardFlags, model: async () => (await import('./leaderboard/index.js')).leaderboardModel },
  { name: 'ktb-chat', flags: async () => (await import('./ktb-chat/flags.js')).ktbFlags, model: async () => (await import('./ktb-chat/index.js')).ktbChatModel },
];

/** What bin/capsim.js hands the CLI, and the module sweep worker threads load their model from. */
export const CATALOG: ModelCatalog = {
  module: import.meta.url,
  names: ENTRIES.map((e) => e.name),
  flagSets: () => Promise.all(ENTRIES.map(async (e) => ({ name: e.name, flags: await e.flags() }))),
  load: (names) => Promise.all(ENTRIES.filter((e) => names.includes(e.name)).map((e) => e.model())),
};
