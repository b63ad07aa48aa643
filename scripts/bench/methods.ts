// How each figure is made, in words: recorded in bench/results.json beside
// the figures.

export const METHODS: Record<string, string> = {
  latency: 'every timer callback is delivered late by a draw from the latency model (seeded mulberry32 stream per run); watch callbacks and hardware-timed LED pulses are not delayed',
  lateness: 'onset = the microsecond the pump callback switched the motor on (the pump event and the motor onset share it: checked); ideal = anchor + (lead + k) x period, anchor = the start press acted on (release + debounce), lead = 3 lead-in beats for ours, 0 for the naive pacer',
  drift: 'mean lateness of the pumps in the minute before that time minus the mean of the first minute of pumps: how much later the rhythm lands than at its start (a constant offset is lateness, not drift)',
  wakesPerPump: 'timer callbacks (VirtualEspruino.wakes) from the 100th pump to the last, per pump; wholeRun from the start press (lead-in and the target cue included); maxOnePump between two onsets',
  wakesPerHour: 'timer callbacks over a window after entering the state (idle from boot, paused after a long press, done after the last phase), scaled to an hour; the first window of idle and of done holds the one auto-off wake at 10 min',
  memory: 'JsVars above an empty interpreter: the memory walk (sim/memory/moments.ts: boot, every console command, both setup gestures, sessions, the log, a recovery, the web flash) on the virtual Espruino with its JsVar model (sim/jsvars, calibrated on the real interpreter: test/fixtures/jsvars-calibration.json); held = after boot, peak = the highest of the walk; real = the same walk measured on the real interpreter built for Linux in the board\'s shape (bench/memory/real-<board>.json, npm run memory --record), shown only when recorded for this very build. Code bytes are Storage (pretokenised as flashed), never RAM',
  energy: 'the seed session (scenarios/seed.txt: presses at 0, 65, 130 s) in the virtual Espruino: LED and motor on-time (level-weighted) from the trace, radio advertising or asleep, and CPU wake-ups, through the power model; pacing = from the start press to done; session = first press to its last output going off; idle = an hour from 11 min after done (past the auto-off); sessions per CR2032 = 220 mAh / session charge (standby between sessions not included)',
  simSpeed: 'wall clock (process.hrtime) of the 60/min long run: virtual hours simulated per wall second; reported, never asserted',
};
