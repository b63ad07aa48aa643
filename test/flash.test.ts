// npm run flash: argument parsing, the espruino CLI command per board, the
// output checks, and the real script run end to end with no device: --dry-run,
// the failure paths that can be reproduced offline, and a stand-in device on
// 127.0.0.1 (tcp://) for a good upload and for one the device reports an error on.
import { expect } from 'chai';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import { BOARDS, BoardId, bundlePath } from '../scripts/boards';
import { FlashError, checkOutput, checkUploadText, cliArgs, flash, parseFlashArgs, standInDevice, target } from '../scripts/flash';

const ROOT = path.join(__dirname, '..');
const SCRIPT = path.join(ROOT, 'scripts/flash.ts');

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  ms: number;
}

/** Runs the real script (async, so a stand-in device in this process can answer); killed after limitMs. */
function runFlash(args: string[], limitMs = 15000): Promise<Run> {
  const t0 = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-r', require.resolve('ts-node/register/transpile-only'), SCRIPT, ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), limitMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, ms: Date.now() - t0 });
    });
  });
}

/** One clear line on stderr and a non-zero exit. */
function expectCleanFailure(r: Run, re: RegExp): void {
  expect(r.code, r.stderr).to.equal(1);
  const lines = r.stderr.trim().split('\n');
  expect(lines, r.stderr).to.have.length(1);
  expect(lines[0]).to.match(/^flash: /).and.match(re);
}

/**
 * Plays an upload as the device would: the CLI's line-editing characters
 * removed (0x10 = no echo for the line, ESC+LF = newline without executing),
 * then run with a fake Storage. Returns the files written and the calls made.
 */
function playUpload(wire: string): { files: Record<string, string>; calls: string[] } {
  const files: Record<string, Buffer> = {};
  const calls: string[] = [];
  const storage = {
    write(name: string, data: string, offset = 0, size?: number) {
      if (size !== undefined) files[name] = Buffer.alloc(size, 0xff);
      Buffer.from(data, 'latin1').copy(files[name], offset);
      return true;
    },
  };
  const sandbox = {
    require: (m: string) => {
      if (m !== 'Storage') throw new Error(`require(${m})`);
      return storage;
    },
    reset: (...a: unknown[]) => calls.push(`reset(${a.map((x) => JSON.stringify(x)).join(',')})`),
    print: () => undefined,
    load: (...a: unknown[]) => calls.push(`load(${a.map((x) => JSON.stringify(x)).join(',')})`),
    atob: (s: string) => Buffer.from(s, 'base64').toString('latin1'),
  };
  vm.runInNewContext(wire.replace(/\x10/g, '').replace(/\x1b\n/g, '\n'), sandbox);
  const out: Record<string, string> = {};
  for (const k of Object.keys(files)) out[k] = files[k].toString('latin1');
  return { files: out, calls };
}

const bundleBytes = (b: BoardId) => fs.readFileSync(path.join(ROOT, bundlePath(b))).toString('latin1');

describe('flash: arguments', () => {
  it('takes a board and a port, a device name, or a dry-run file', () => {
    expect(parseFlashArgs(['--board', 'puck', '--port', '/dev/ttyACM0'])).to.deep.equal({
      board: 'puck', port: '/dev/ttyACM0', device: undefined, dryRun: undefined, timeoutS: 60, verbose: false,
    });
    expect(parseFlashArgs(['--board', 'bangle2', '--device', 'Bangle.js 2', '--timeout', '30'])).to.include({ device: 'Bangle.js 2', timeoutS: 30 });
    expect(parseFlashArgs(['--board=pico', '--dry-run', 'out.js', '--verbose'])).to.include({ board: 'pico', dryRun: 'out.js', verbose: true, timeoutS: 20 });
  });

  it('rejects an unknown board, naming the known ones', () => {
    expect(() => parseFlashArgs(['--board', 'esp32', '--port', 'x'])).to.throw(FlashError, /unknown board "esp32".*puck, bangle2, pico, mdbt42q/);
    expect(() => parseFlashArgs(['--port', 'x'])).to.throw(FlashError, /--board is required/);
  });

  it('needs --port or --device unless it is a dry run, and not both', () => {
    expect(() => parseFlashArgs(['--board', 'puck'])).to.throw(FlashError, /--port .* --device/);
    expect(() => parseFlashArgs(['--board', 'puck', '--port', 'a', '--device', 'b'])).to.throw(FlashError, /not both/);
    expect(() => parseFlashArgs(['--board', 'puck', '--port', 'a', '--timeout', '0'])).to.throw(FlashError, /--timeout/);
    expect(() => parseFlashArgs(['--board', 'puck', '--prot', 'a'])).to.throw(FlashError, /unknown flag --prot/);
  });
});

describe('flash: the espruino CLI command', () => {
  it('puck, pico and mdbt42q: Storage .bootcde, then load()', () => {
    for (const b of ['puck', 'pico', 'mdbt42q'] as const) {
      expect(target(b)).to.deep.equal({ file: '.bootcde', start: 'load()' });
      const args = cliArgs(b, { port: '/dev/ttyACM0' }, '/x/pacer.js');
      expect(args).to.deep.equal(['-p', '/dev/ttyACM0', '--no-ble', '--board', 'board.json', '--config', 'SAVE_ON_SEND=1', '--sleep', '1', '/x/pacer.js']);
    }
  });

  it('bangle2: pacer.app.js and pacer.info, never .bootcde (the bootloader)', () => {
    const t = target('bangle2');
    expect(t.file).to.equal('pacer.app.js');
    expect(t.start).to.equal('load("pacer.app.js")');
    expect(JSON.parse(t.info!.json)).to.deep.equal({ id: 'pacer', name: 'Pacer', src: 'pacer.app.js' });
    const args = cliArgs('bangle2', { device: 'Bangle.js' }, '/x/pacer.js');
    expect(args.slice(0, 2)).to.deep.equal(['-d', 'Bangle.js']);
    expect(args).to.include.members(['pacer.app.js:-', 'pacer.info:pacer.info']);
    expect(args.join(' ')).not.to.include('bootcde').and.not.include('SAVE_ON_SEND');
  });

  it('leaves Bluetooth alone only for serial and tcp ports', () => {
    expect(cliArgs('puck', { port: 'e7:e0:57:ad:36:a2' }, 'f.js')).not.to.include('--no-ble');
    expect(cliArgs('puck', { port: 'tcp://127.0.0.1:23' }, 'f.js')).to.include('--no-ble');
  });
});

describe('flash: reading the CLI output (it exits 0 even on failure)', () => {
  const ok = 'Espruino Command-line Tool 0.1.67\nConnecting to \'/dev/ttyACM0\'\nConnected\n--] \n--] >\nUpload Complete\n';
  it('a clean upload passes', () => {
    expect(checkOutput(0, ok, 'x')).to.equal(undefined);
  });
  it('an error printed by the device fails, quoting it', () => {
    expect(checkOutput(0, ok + '--] Uncaught SyntaxError: Got \',\' expected EOF\n', 'x')).to.match(/device reported an error: Uncaught SyntaxError: Got ','/);
    expect(checkOutput(0, ok + '--] ERROR: Out of Memory!\n', 'x')).to.match(/ERROR: Out of Memory/);
  });
  it('no adapter, no device, no connection, no reply', () => {
    const dbus = 'Connecting to \'aa:bb:cc:dd:ee:ff\'\n/x/serial_noble.js:56\n    } else throw err;\nError: connect ENOENT /var/run/dbus/system_bus_socket\n';
    expect(checkOutput(7, dbus, 'aa:bb:cc:dd:ee:ff')).to.match(/Bluetooth is not usable here .*system_bus_socket/);
    expect(checkOutput(0, 'serial_node_ble error on scanDevices Error: No adapter found\nUnable to connect!\n', 'x')).to.match(/Bluetooth is not usable/);
    expect(checkOutput(0, 'BT> ERROR Connecting\nUnable to connect!\n', 'x')).to.match(/could not connect to x/);
    expect(checkOutput(1, 'Searching for device named "Puck.js"\nPort named "Puck.js" not found\n', '"Puck.js"')).to.match(/device "Puck.js" not found/);
    expect(checkOutput(0, 'serial: Port "/dev/ttyACM0" not found\nUnable to connect!\n', '/dev/ttyACM0')).to.match(/could not connect to \/dev\/ttyACM0/);
    expect(checkOutput(0, 'Connected\n', 'x')).to.match(/did not complete/);
    expect(checkOutput(0, 'Connected\nUpload Complete\n', 'x')).to.match(/no reply/);
    expect(checkOutput(3, 'Error: boom\n', 'x')).to.match(/exited with 3: Error: boom/);
  });
  it('an upload that would wipe Storage or miss its target is refused', () => {
    const good = 'require("Storage").write(".bootcde","x",0,1);\nload()\n';
    expect(checkUploadText('puck', good)).to.equal(undefined);
    expect(checkUploadText('puck', 'reset(true);\n' + good)).to.match(/wipe/);
    expect(checkUploadText('puck', 'require("Storage").eraseAll();\n' + good)).to.match(/wipe/);
    expect(checkUploadText('bangle2', good)).to.match(/pacer.app.js/);
  });
});

describe('flash --dry-run: the real script and CLI, no device', function () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flash-test-'));
  const runs = {} as Record<BoardId, Run>;
  const out = (b: BoardId) => path.join(dir, `upload.${b}.txt`);

  before(async function () {
    this.timeout(60000);
    await Promise.all(BOARDS.map(async (b) => (runs[b] = await runFlash(['--board', b, '--dry-run', out(b)], 40000))));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const b of BOARDS) {
    it(`${b}: writes exactly the bundle to ${target(b).file} and starts it with ${target(b).start}`, () => {
      const r = runs[b];
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^dry run: wrote the \d+ bytes the espruino CLI sends/);
      const wire = fs.readFileSync(out(b)).toString('latin1');
      expect(wire).to.include(`require("Storage").write(${JSON.stringify(target(b).file)},`);
      expect(wire).to.include(target(b).start);
      expect(wire).not.to.match(/reset\(\s*true|eraseAll/);
      const { files, calls } = playUpload(wire);
      expect(files[target(b).file]).to.equal(bundleBytes(b));
      expect(calls).to.deep.equal(['reset()', target(b).start]);
      if (b === 'bangle2') {
        expect(Object.keys(files).sort()).to.deep.equal(['pacer.app.js', 'pacer.info']);
        expect(JSON.parse(files['pacer.info'])).to.deep.equal({ id: 'pacer', name: 'Pacer', src: 'pacer.app.js' });
      } else {
        expect(Object.keys(files)).to.deep.equal(['.bootcde']);
      }
    });
  }
});

describe('flash: failures, the real script', () => {
  it('an unknown board', async () => {
    expectCleanFailure(await runFlash(['--board', 'esp32', '--port', '/dev/ttyACM0']), /unknown board "esp32"/);
  });

  it('no --port or --device', async () => {
    expectCleanFailure(await runFlash(['--board', 'puck']), /give --port .* or --device/);
  });

  it('a serial port that does not exist, quickly', async () => {
    const r = await runFlash(['--board', 'puck', '--port', '/dev/ttyDOESNOTEXIST'], 10000);
    expectCleanFailure(r, /\/dev\/ttyDOESNOTEXIST does not exist/);
    expect(r.ms).to.be.below(8000);
  });

  if (process.platform === 'linux') {
    it('a path that is not a serial port: the CLI cannot connect (and says so only in its output)', async () => {
      const r = await runFlash(['--board', 'puck', '--port', '/dev/null'], 15000);
      expectCleanFailure(r, /could not connect to \/dev\/null/);
    });
  }

  it('a Bluetooth address with no adapter (or no such device) fails within --timeout', async () => {
    const r = await runFlash(['--board', 'puck', '--port', 'aa:bb:cc:dd:ee:ff', '--timeout', '10'], 15000);
    expectCleanFailure(r, /Bluetooth|could not connect|not found|no answer/);
  });

  it('a device name with no adapter (or no such device) fails within --timeout', async () => {
    const r = await runFlash(['--board', 'puck', '--device', 'Puck.js NOSUCH', '--timeout', '10'], 15000);
    expectCleanFailure(r, /Bluetooth|could not connect|not found|no answer/);
  });

  it('a missing bundle: run npm run build first', async () => {
    const empty = fs.mkdtempSync(path.join(os.tmpdir(), 'flash-nodist-'));
    try {
      let err: unknown;
      await flash(parseFlashArgs(['--board', 'puck', '--dry-run', path.join(empty, 'x')]), empty).catch((e) => (err = e));
      expect(err).to.be.instanceOf(FlashError);
      expect((err as Error).message).to.equal('dist/pacer.puck.js not found: run npm run build first');
    } finally {
      fs.rmSync(empty, { recursive: true, force: true });
    }
  });
});

describe('flash: the real script against a stand-in device (tcp://127.0.0.1)', () => {
  it('uploads and reports success', async () => {
    const dev = await standInDevice();
    try {
      const r = await runFlash(['--board', 'mdbt42q', '--port', dev.port]);
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^flashed dist\/pacer\.mdbt42q\.js \(\d+ B\) to Storage "\.bootcde" on tcp:.* started it with load\(\)/);
      expect(playUpload(dev.received()).files['.bootcde']).to.equal(bundleBytes('mdbt42q'));
    } finally {
      dev.close();
    }
  });

  it('fails when the device prints Uncaught (the CLI itself exits 0)', async () => {
    const dev = await standInDevice((got) => (/load\(/.test(got) ? '\r\nUncaught SyntaxError: Got \',\' expected EOF\r\n>' : '\r\n>'));
    try {
      expectCleanFailure(await runFlash(['--board', 'puck', '--port', dev.port]), /device reported an error: Uncaught SyntaxError/);
    } finally {
      dev.close();
    }
  });

  it('fails when nothing answers', async () => {
    const dev = await standInDevice(() => '');
    try {
      expectCleanFailure(await runFlash(['--board', 'puck', '--port', dev.port]), /no reply from tcp:/);
    } finally {
      dev.close();
    }
  });
});
