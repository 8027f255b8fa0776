/** Where the local runtime keeps its files: `.clearwater/` in the project folder (git-ignored). */
import { join, resolve } from 'node:path';

export const LOCAL_HOME = resolve(process.env.CLEARWATER_HOME ?? '.clearwater');
export const KEYS_DIR = join(LOCAL_HOME, 'keys');
export const DEFAULT_DATA_DIR = join(LOCAL_HOME, 'data');
/** The URL of the running `npm start` (see server-file.ts). */
export const SERVER_FILE = join(LOCAL_HOME, 'server.json');
