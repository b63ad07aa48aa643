// A naive pacer, for the benchmark only (npm run bench; never flashed).
// It does what many metronome apps do: one setInterval at a fixed 10 ms
// tick, running from boot, counting ticks to find the beats: a pump every
// round(period / 10) ticks, the buzz (70 ms) and the LED flash (30 ms)
// ended by counting ticks too. Same pins as the Puck.js build (BTN, LED2,
// FET) and the same button for the seed session: a short press starts,
// advances to the next phase, resumes; a long press (>= 1 s) pauses; the
// last phase ends by itself after 15 pumps; a press when done goes back to
// idle. No lead-in, accents or cues: it paces and nothing else.
// pacer.status() and pacer.settings({ppm}) are there for the console, as in
// the real firmware (the simulator reads the status to trace pumps).
var TICK_MS = 10;
var BUZZ_TICKS = 7; // 70 ms
var LED_TICKS = 3; // 30 ms
var PHASES = 3;
var LAST_PUMPS = 15;
var ppm = 60;
var state = 'idle';
var phase = 0;
var n = 0;
var count = 0;
var buzz = 0;
var led = 0;

function off() {
  digitalWrite(FET, 0);
  digitalWrite(LED2, 0);
  buzz = 0;
  led = 0;
}

function tick() {
  if (buzz > 0) {
    buzz--;
    if (buzz === 0) digitalWrite(FET, 0);
  }
  if (led > 0) {
    led--;
    if (led === 0) digitalWrite(LED2, 0);
  }
  if (state !== 'running') return;
  if (count % Math.round(60000 / ppm / TICK_MS) === 0) {
    if (phase === PHASES - 1 && n === LAST_PUMPS) {
      state = 'done';
      off();
      return;
    }
    n++;
    digitalWrite(FET, 1);
    buzz = BUZZ_TICKS;
    digitalWrite(LED2, 1);
    led = LED_TICKS;
  }
  count++;
}

function onButton(e) {
  if (e.state || e.lastTime === undefined) return;
  var held = e.time - e.lastTime >= 1;
  if (state === 'idle') {
    if (held) return;
    state = 'running';
    phase = 0;
    n = 0;
    count = 0;
  } else if (state === 'running') {
    if (held) {
      state = 'paused';
      off();
    } else if (phase < PHASES - 1) {
      phase++;
      n = 0;
      count = 0;
    } else {
      state = 'done';
      off();
    }
  } else if (state === 'paused') {
    state = 'running';
    count = 0;
  } else {
    state = 'idle';
  }
}

var pacer = {
  status: function () {
    return { state: state, phase: phase, phaseId: 'phase' + phase, n: n, cue: '', cueCount: 0, batt: -1, asleep: false };
  },
  settings: function (x) {
    if (x && x.ppm) ppm = x.ppm;
    return { ppm: ppm };
  },
};

setWatch(onButton, BTN, { repeat: true, edge: 'both', debounce: 25 });
setInterval(tick, TICK_MS);
