import type { CapsimModel, ModelRegistry } from './registry.js';
import { chatModel } from './chat/index.js';
import { feedModel } from './feed/index.js';
import { highscoreModel } from './highscore/index.js';
import { leaderboardModel } from './leaderboard/index.js';
import { ktbChatModel } from './ktb-chat/index.js';

/** Every model the CLI knows, by name. Adding a model = one folder + one line here. */
export const MODELS: readonly CapsimModel[] = [chatModel, feedModel, highscoreModel, leaderboardModel, ktbChatModel];

export function findModel(name: string): CapsimModel | undefined {
  return MODELS.find((m) => m.name === name);
}

/** What bin/capsim.js hands the CLI: these models, and this module for sweep worker threads to load them from. */
export const REGISTRY: ModelRegistry = { models: MODELS, module: import.meta.url };
