// The settings' ranges as the pages show them, beside each field ("30–90"),
// from the bounds the validator holds them to (firmware/core/limits.ts): the
// web companion (web/index.html) and the App Loader's page
// (assets/apploader/interface.html) fill every [data-range="key"] element.
import { MAX_ACCENT_EVERY, MAX_IDLE_OFF_MIN, PPM_MAX, PPM_MIN, PUSH_MS_MAX, PUSH_MS_MIN, STRENGTH_MAX, STRENGTH_MIN } from '../firmware/core/limits';

/** [min, max] of each numeric setting. */
export const SETTING_RANGES: Record<string, [number, number]> = {
  ppm: [PPM_MIN, PPM_MAX],
  pushMs: [PUSH_MS_MIN, PUSH_MS_MAX],
  strength: [STRENGTH_MIN, STRENGTH_MAX],
  accentEvery: [0, MAX_ACCENT_EVERY],
  idleOffMin: [0, MAX_IDLE_OFF_MIN],
};

/** "30–90": a setting's range in the words of the page. */
export function rangeText(key: string): string {
  const r = SETTING_RANGES[key];
  if (!r) throw new Error(`no range for the setting ${key}`);
  return `${r[0]}–${r[1]}`;
}

/** The DOM a page fills, typed by its shape: the tests import this file without the DOM types. */
interface Page {
  querySelectorAll(selector: string): ArrayLike<{ textContent: string | null; getAttribute(name: string): string | null }>;
}

/** Writes each setting's range into the elements under root that ask for it (data-range="ppm"). */
export function fillRanges(root: Page): void {
  for (const el of Array.from(root.querySelectorAll('[data-range]'))) el.textContent = rangeText(el.getAttribute('data-range') as string);
}
