import { HEAD_DRAINAGE } from './core/protocol';
import { DEFAULT_SETTINGS } from './core/settings';
import { Config, Protocol, Settings } from './core/types';

/** The config the core runs with: a protocol (its own cues on top of the defaults) and the settings. */
export function makeConfig(protocol: Protocol, settings: Settings): Config {
  return { proto: protocol, set: settings };
}

/** What the pacer runs with when nothing else is chosen: the seed protocol and the reference defaults. */
export function defaultConfig(): Config {
  return makeConfig(HEAD_DRAINAGE, DEFAULT_SETTINGS);
}
