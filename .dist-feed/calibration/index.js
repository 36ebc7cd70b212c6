import { calibrateChat, saveChatCalibration } from './chat/calibrate.js';
import { validateChat } from './chat/validate.js';
import { calibrateFeed, saveFeedCalibration } from './feed/calibrate.js';
import { validateFeed } from './feed/validate.js';
import { loadChatParams } from '../models/chat/params.js';
import { loadFeedParams } from '../models/feed/params.js';
export const CALIBRATORS = {
    chat: {
        calibrate(records, log) {
            const { calibration } = calibrateChat(records, log);
            saveChatCalibration(calibration);
            return calibration;
        },
        validate: validateChat,
        fittedRuns: () => loadChatParams().app.readUs.provenance.fittedTo ?? [],
    },
    feed: {
        calibrate(records, log) {
            const { calibration } = calibrateFeed(records, log);
            saveFeedCalibration(calibration);
            return calibration;
        },
        validate: (records) => validateFeed(records),
        fittedRuns: () => loadFeedParams().app.cpuSpeed.local.provenance.fittedTo ?? [],
    },
};
