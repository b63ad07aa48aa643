import { DEFAULT_CUES } from './core/cues';
import { HEAD_DRAINAGE } from './core/protocol';
import { DEFAULT_SETTINGS } from './core/settings';
import { Config } from './core/types';

/** What the pacer runs with when nothing else is chosen: the seed protocol and the reference defaults. */
export function defaultConfig(): Config {
  return { protocol: HEAD_DRAINAGE, settings: DEFAULT_SETTINGS, cues: DEFAULT_CUES };
}
