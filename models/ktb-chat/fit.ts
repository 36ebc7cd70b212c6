/**
 * The write-up's result is withheld (published.json marks its case blind), so there is nothing
 * published to fit: the model's local costs are calibrated against real runs of the bundled
 * implementation instead (calibration/apps/ktb-chat), never toward a guess of the result.
 */
export const KTB_PUBLISHED_FILE = 'models/ktb-chat/published.json';
