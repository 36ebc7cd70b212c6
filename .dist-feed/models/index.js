import { chatModel } from './chat/index.js';
import { feedModel } from './feed/index.js';
/** Every model the CLI knows, by name. Adding a model = one folder + one line here. */
export const MODELS = [chatModel, feedModel];
export function findModel(name) {
    return MODELS.find((m) => m.name === name);
}
