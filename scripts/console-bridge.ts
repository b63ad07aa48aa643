// A child process that holds ONE console connection through the espruino
// package's own library (EspruinoTools, node_modules/espruino: the code the
// espruino CLI uses for serial and Bluetooth), for scripts/console-link.ts.
//
//   node -r ts-node/register/transpile-only scripts/console-bridge.ts <port> <serial|ble|tcp>
//
//   stdin   bytes to the device (one char per byte, latin1)
//   stdout  bytes from the device, exactly as received (nothing else goes there)
//   IPC     {t:'open'} | {t:'fail', why} | {t:'closed'}
//
// It runs in its own process because the library is loaded by evaluating its
// files in Node's global scope: it sets globals (Espruino, $, navigator,
// require), installs es6-shim over the built-ins, and logs every step with
// console.log. Here all of that is contained, the logs are kept (and shown
// on stderr with PACER_LINK_VERBOSE=1) to tell why a connection failed.
//
// Serial goes through the library's 'serialport' device, Bluetooth through
// its 'node-ble' device (BlueZ over D-Bus, Linux) or 'noble'. Both are the
// espruino package's optional dependencies, already in node_modules (the
// serialport binding ships prebuilt; nothing is compiled or downloaded). The
// library only opens a serial port that its port list names, and on Linux
// that list comes from udev (udevadm): a path that exists but is not listed
// (no udev, a pty) is added to the list here. `tcp` exists so that the tests
// can drive this very bridge against a fake console; a real tcp:// link is
// made with node's net module directly (console-link.ts).
/* eslint-disable @typescript-eslint/no-explicit-any */
import * as fs from 'fs';

const [port, kind] = process.argv.slice(2) as [string, 'serial' | 'ble' | 'tcp' | 'name'];
const verbose = process.env.PACER_LINK_VERBOSE === '1';
const isBle = kind === 'ble' || kind === 'name';
/** How the failure messages name the target. */
const where = kind === 'name' ? `the device named "${port}"` : port;
const logs: string[] = [];
let opened = false;
let ended = false;

const send = (m: { t: 'open' } | { t: 'fail'; why: string } | { t: 'closed' }) => {
  if (process.send) process.send(m);
};

/** Every console call of the library is kept, not printed: stdout carries the device's bytes only. */
function captureLogs(): void {
  for (const k of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const) {
    (console as any)[k] = (...a: unknown[]) => {
      const s = a.map((x) => (typeof x === 'string' ? x : x instanceof Error ? x.message : safeJson(x))).join(' ');
      logs.push(s);
      if (logs.length > 400) logs.shift();
      if (verbose) process.stderr.write(`[espruino] ${s}\n`);
    };
  }
}

function safeJson(x: unknown): string {
  try {
    return JSON.stringify(x) ?? String(x);
  } catch {
    return String(x);
  }
}

/** Why the library could not open the port, from what it logged (the CLI's own messages; scripts/flash.ts reads the same). */
export function whyNot(log: string, where: string, ble: boolean): string {
  // the last line that says it (the library's loader logs "Found <file>" for each of its files first)
  const lastLine = (re: RegExp) => (log.split('\n').filter((l) => re.test(l) && !/^Found /.test(l)).pop() ?? '').trim();
  const bt = /system_bus_socket|org\.bluez|ENODEV|No adapter|error on scanDevices|DBus|dbus|Bluetooth adapter|noble/i;
  if (ble && bt.test(log)) return `Bluetooth is not usable here to reach ${where} (no adapter, BlueZ not running, or no permission): ${lastLine(bt).slice(0, 160)}`;
  if (ble) return `Bluetooth device ${where} not found or not connectable (is it powered, in range and not connected to anything else?)`;
  if (/Port .* not found/.test(log)) return `port ${where} not found`;
  const open = /Error: .*|Unable to open|cannot open|Permission denied|EACCES|EBUSY|ENOENT|ECONNREFUSED/i;
  return `could not open ${where}${open.test(log) ? `: ${lastLine(open).slice(0, 160)}` : ''}`;
}

function fail(why: string): void {
  if (ended) return;
  ended = true;
  send({ t: 'fail', why });
  setTimeout(() => process.exit(1), 50);
}

function main(): void {
  captureLogs();
  watchCrashes();
  const ble = isBle;
  let espruino: { init(cb: () => void): void };
  try {
    espruino = require('espruino');
  } catch {
    return fail('the espruino package is not installed: run npm install');
  }
  espruino.init(() => {
    const E = (globalThis as any).Espruino;
    logs.length = 0; // what the loader said is not about this port
    E.Config.ENV_ON_CONNECT = false; // the library would query process.env on connect: nothing is sent but our lines
    E.Config.SERIAL_AUDIO = 0;
    if (!ble) {
      E.Config.BLUETOOTH_LOW_ENERGY = false;
      E.Config.BLUETOOTH_LOW_ENERGY_DBUS = false;
      E.Config.WEB_BLUETOOTH = false;
    }
    if (kind === 'tcp') E.Config.SERIAL_TCPIP = [port];
    if (kind === 'serial') {
      const dev = (E.Core.Serial.devices as any[]).find((d) => d.name === 'Node Serial');
      if (!dev) return fail(`serial ports are not usable here (the serialport module did not load): ${logs.filter((l) => /serialport/i.test(l)).pop() ?? ''}`);
      const list = dev.getPorts;
      dev.getPorts = (cb: (ports: any[], instant: boolean) => void) =>
        list((ports: any[] | undefined) => {
          const all = ports ?? [];
          if (!all.some((p) => p.path === port) && fs.existsSync(port)) all.push({ path: port, description: 'serial port (not listed by udev)' });
          cb(all, true);
        });
    }
    E.Core.Serial.startListening((buf: ArrayBuffer) => {
      process.stdout.write(Buffer.from(buf));
    });
    if (kind === 'name') findByName(E, port, (p) => open(E, p, ble));
    else open(E, port, ble);
  });
}

/** Bluetooth by name: the first device whose name (or address) contains it, as the CLI's -d finds it; scans until the parent's timeout. */
function findByName(E: any, name: string, found: (path: string) => void): void {
  const want = name.toLowerCase();
  const scan = () =>
    E.Core.Serial.getPorts((ports: any[] | undefined, again: boolean) => {
      const p = (ports ?? []).find((x) => (x.description ?? '').toLowerCase().includes(want) || (x.path ?? '').toLowerCase().includes(want));
      if (p) return found(p.path);
      if (!again) return fail(whyNot(logs.join('\n'), where, true));
      setTimeout(scan, 500);
    });
  scan();
}

function open(E: any, port: string, ble: boolean): void {
  E.Core.Serial.open(
    port,
    (status: unknown) => {
      if (status === undefined) return fail(whyNot(logs.join('\n'), where, ble));
      opened = true;
      send({ t: 'open' });
      process.stdin.on('data', (d: Buffer) => E.Core.Serial.write(d.toString('latin1'), false));
      process.stdin.on('end', () => {
        ended = true;
        try {
          E.Core.Serial.close();
        } catch {
          /* closed already */
        }
        setTimeout(() => process.exit(0), 200);
      });
    },
    () => {
      if (!opened) return fail(whyNot(logs.join('\n'), where, ble));
      if (ended) return;
      ended = true;
      send({ t: 'closed' });
      setTimeout(() => process.exit(0), 50);
    },
  );
}

function watchCrashes(): void {
  process.on('uncaughtException', (e) => {
    if (!opened) fail(`${whyNot(logs.concat(String(e.message)).join('\n'), where, isBle)}`);
    else {
      logs.push(String(e.message));
      if (!ended) {
        ended = true;
        send({ t: 'closed' });
        setTimeout(() => process.exit(1), 50);
      }
    }
  });
  process.on('unhandledRejection', (e) => {
    logs.push(String((e as Error)?.message ?? e));
    if (!opened) fail(whyNot(logs.join('\n'), where, isBle));
  });
  // the parent went away: nothing more to do
  process.on('disconnect', () => process.exit(0));
}

if (require.main === module) main();
