import { ValidationError } from '../config/schema.js';
import { UsageError } from './usage-error.js';

/**
 * Reads a file the user named on the command line: a missing, malformed or wrong file is bad input
 * (exit 2, one line naming it), not a broken installation (exit 1).
 */
export function userFile<T>(read: () => T): T {
  try {
    return read();
  } catch (err) {
    if (err instanceof ValidationError) throw new UsageError(err.message);
    throw err;
  }
}
