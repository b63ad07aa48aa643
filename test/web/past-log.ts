// A past for a pacer's log (its Storage ring before it boots) and a session
// to play on it: for the log tests (test/web-log.test.ts) and the README's
// picture of the log (npm run web:screenshot).
import { LogEntry } from '../../firmware/core/types';
import { storedText } from '../../sim/device-files';
import { FakePacer } from './fake-pacer';

/** 12 Mar 2025, 14:00 UTC: a start once the pacer's clock was set. */
export const DATED = 1741788000;

/** A past the pacer's Storage already holds: dated sessions, one since power-up, one cut off, one damaged. */
export function pastLog(): Record<string, string> {
  const entries: Array<LogEntry | 'corrupt'> = [
    { protocol: 'head-drainage', start: DATED, end: 'done', phases: [[0, 64000, 61, 0, 0], [1, 83500, 62, 1, 12000], [2, 17200, 15, 0, 0]] },
    { protocol: 'head-neck', start: DATED + 86400 + 1800.25, end: 'ended', phases: [[0, 13000, 10, 0, 0], [1, 9000, 6, 2, 3500]] },
    'corrupt',
    { protocol: 'short-neck', start: 312.5, end: 'battery', phases: [[0, 31000, 30, 0, 0], [1, 12500, 10, 0, 0]] },
    { protocol: 'head-drainage', start: 20, end: 'interrupted', phases: [] },
  ];
  const files: Record<string, string> = {};
  entries.forEach((e, n) => {
    // a damaged entry: one character of its value changed, its checksum no longer matches
    files[`pacer.log${n}`] = e === 'corrupt' ? storedText(entries[0], n).replace('"done"', '"dune"') : storedText(e, n);
  });
  return files;
}

/** A session on the Node pacer: phase 1, the water wheel with a 5 s pause, the close by itself. */
export function playSession(p: FakePacer): void {
  p.press(120);
  p.advance(62000);
  p.press(120);
  p.advance(20000);
  p.press(1500);
  p.advance(5000);
  p.press(120);
  p.advance(40000);
  p.press(120);
  p.advance(20000);
}
