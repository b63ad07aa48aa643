// npm run flash: argument parsing, the espruino CLI command per board, the
// output checks, and the real script run end to end with no device: --dry-run,
// the failure paths that can be reproduced offline, and a stand-in device on
// 127.0.0.1 (tcp://) for a good upload and for one the device reports an error on.
// Each board gets the Storage modules (pacer.cmd, pacer.rec, pacer.setup,
// pretokenised) and its resident code (.bootcde pretokenised by the CLI, or the
// Bangle's plain pacer.app.js + pacer.info); the replayed uploads are compared
// byte for byte with the espruino tool's own tokeniser (scripts/footprint.ts).
import * as acorn from 'acorn';
import { expect } from 'chai';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import { BOARDS, BoardId, bundlePath, MODULE_KEYS, moduleFile, modulePath } from '../scripts/boards';
import {
  FlashError, checkOutput, checkUploadText, cliArgs, moduleBytes, flash, parseFlashArgs, standInDevice, target, tcpAddress, tcpRelay,
} from '../scripts/flash';
import { tokeniser } from '../scripts/footprint';

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
 * then run with a fake Storage. Returns the files written, the calls made, and
 * both in order (`write NAME` when a file is started).
 */
function playUpload(wire: string): { files: Record<string, string>; calls: string[]; order: string[] } {
  const files: Record<string, Buffer> = {};
  const calls: string[] = [];
  const order: string[] = [];
  const storage = {
    write(name: string, data: string, offset = 0, size?: number) {
      if (size !== undefined) {
        files[name] = Buffer.alloc(size, 0xff);
        order.push(`write ${name}`);
      }
      for (let i = 0; i < data.length; i++) if (data.charCodeAt(i) > 0xff) throw new Error(`Storage.write(${name}): char ${data.charCodeAt(i)} is not a byte`);
      Buffer.from(data, 'latin1').copy(files[name], offset);
      return true;
    },
  };
  const sandbox = {
    require: (m: string) => {
      if (m !== 'Storage') throw new Error(`require(${m})`);
      return storage;
    },
    reset: (...a: unknown[]) => order.push(calls[calls.push(`reset(${a.map((x) => JSON.stringify(x)).join(',')})`) - 1]),
    print: () => undefined,
    load: (...a: unknown[]) => order.push(calls[calls.push(`load(${a.map((x) => JSON.stringify(x)).join(',')})`) - 1]),
    atob: (s: string) => Buffer.from(s, 'base64').toString('latin1'),
  };
  vm.runInNewContext(wire.replace(/\x10/g, '').replace(/\x1b\n/g, '\n'), sandbox);
  const out: Record<string, string> = {};
  for (const k of Object.keys(files)) out[k] = files[k].toString('latin1');
  return { files: out, calls, order };
}

const bundleBytes = (b: BoardId) => fs.readFileSync(path.join(ROOT, bundlePath(b))).toString('latin1');
const moduleJs = (k: (typeof MODULE_KEYS)[number]) => fs.readFileSync(path.join(ROOT, modulePath(k)), 'utf8');
/** The modules' Storage names, in the order the CLI writes them (the last --storage given, first). */
const MODULE_FILES = MODULE_KEYS.map(moduleFile).reverse();
/** What the device must hold: the tool's own tokeniser output, one char per byte. */
const tokenised = (js: string) => tokeniser().tokenise(js);
const bootBoards = ['puck', 'pico', 'mdbt42q'] as const;

/** The files one board's upload must leave in Storage, byte for byte. */
function expectedFiles(b: BoardId): Record<string, string> {
  const files: Record<string, string> = {};
  for (const k of MODULE_KEYS) files[moduleFile(k)] = tokenised(moduleJs(k));
  if (b === 'bangle2') {
    files['pacer.info'] = JSON.stringify({ id: 'pacer', name: 'Pacer', src: 'pacer.app.js' });
    files['pacer.app.js'] = bundleBytes(b); // plain minified JS: its budget is measured plain
  } else {
    files['.bootcde'] = tokenised(bundleBytes(b));
  }
  return files;
}

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
  it('puck, pico and mdbt42q: the modules, then Storage .bootcde pretokenised by the CLI, then load()', () => {
    for (const b of bootBoards) {
      expect(target(b)).to.deep.equal({ file: '.bootcde', start: 'load()', pretokenise: true });
      const args = cliArgs(b, { port: '/dev/ttyACM0' }, '/x/pacer.js');
      expect(args).to.deep.equal([
        '-p', '/dev/ttyACM0', '--no-ble', '--board', 'board.json',
        '--config', 'SAVE_ON_SEND=1', '--config', 'PRETOKENISE=2',
        ...MODULE_KEYS.flatMap((k) => ['--storage', `${moduleFile(k)}:${moduleFile(k)}`]),
        '--sleep', '1', '/x/pacer.js',
      ]);
    }
  });

  it('bangle2: the modules, pacer.info and plain pacer.app.js, never .bootcde (the bootloader)', () => {
    const t = target('bangle2');
    expect(t.file).to.equal('pacer.app.js');
    expect(t.start).to.equal('load("pacer.app.js")');
    expect(t.pretokenise).to.equal(false);
    expect(JSON.parse(t.info!.json)).to.deep.equal({ id: 'pacer', name: 'Pacer', src: 'pacer.app.js' });
    const args = cliArgs('bangle2', { device: 'Bangle.js' }, '/x/pacer.js');
    expect(args.slice(0, 2)).to.deep.equal(['-d', 'Bangle.js']);
    expect(args).to.include.members(['pacer.app.js:-', 'pacer.info:pacer.info', 'pacer.cmd:pacer.cmd']);
    expect(args.join(' ')).not.to.include('bootcde').and.not.include('SAVE_ON_SEND').and.not.include('PRETOKENISE');
  });

  it('the modules are the --storage files given last: the CLI writes them first', () => {
    for (const b of BOARDS) {
      const args = cliArgs(b, { port: '/dev/ttyACM0' }, '/x/pacer.js');
      const storage = args.flatMap((x, i) => (args[i - 1] === '--storage' ? [x] : []));
      expect(storage.slice(-MODULE_KEYS.length)).to.deep.equal(MODULE_KEYS.map((k) => `${moduleFile(k)}:${moduleFile(k)}`));
    }
  });

  it('a module file: the tool\'s tokeniser output, one byte per char; a char above 0xFF is refused', () => {
    const js = 'function f(a){return a>=0x10?"s\xe9":[1,-2,300]}';
    const bytes = moduleBytes(js, 'x.js');
    expect(bytes.toString('latin1')).to.equal(tokenised(js));
    expect(bytes.length).to.be.below(js.length);
    expect([...bytes].some((x) => x >= 0x80)).to.equal(true);
    expect(() => moduleBytes('var s=`\u2603`', 'x.js')).to.throw(FlashError, /x.js: character U\+2603 cannot be stored byte for byte/);
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
  it('an upload that would wipe Storage, miss a file or start the code before a module is written is refused', () => {
    const mods = (names: string[]) => names.map((n) => `require("Storage").write(${JSON.stringify(n)},atob("eA=="),0,1)\n`).join('');
    const cmd = mods(MODULE_FILES);
    const boot = 'require("Storage").write(".bootcde","x",0,1);\n';
    const good = cmd + boot + 'load()\n';
    expect(checkUploadText('puck', good)).to.equal(undefined);
    expect(checkUploadText('puck', 'reset(true);\n' + good)).to.match(/wipe/);
    expect(checkUploadText('puck', 'require("Storage").eraseAll();\n' + good)).to.match(/wipe/);
    expect(checkUploadText('bangle2', good)).to.match(/pacer.app.js/);
    const others = MODULE_FILES.filter((n) => n !== 'pacer.cmd');
    expect(checkUploadText('puck', mods(others) + boot + 'load()\n')).to.equal('the upload does not write pacer.cmd');
    expect(checkUploadText('puck', mods(others) + boot + 'load()\n' + mods(['pacer.cmd']))).to.equal('the upload writes pacer.cmd after starting the code');
    expect(checkUploadText('puck', cmd + boot)).to.match(/does not start the code with load\(\)/);
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
    const t = target(b);
    const names = b === 'bangle2' ? [...MODULE_FILES, 'pacer.info', 'pacer.app.js'] : [...MODULE_FILES, '.bootcde'];
    it(`${b}: writes exactly ${names.join(', ')}, in that order, then starts the code with ${t.start}`, () => {
      const r = runs[b];
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^dry run: wrote the \d+ bytes the espruino CLI sends/).and.include('Storage "pacer.cmd"');
      const wire = fs.readFileSync(out(b)).toString('latin1');
      expect(wire).to.include(`require("Storage").write(${JSON.stringify(t.file)},`);
      expect(wire).to.include('require("Storage").write("pacer.cmd",');
      expect(wire).to.include(t.start);
      expect(wire).not.to.match(/reset\(\s*true|eraseAll/);
      const { files, calls, order } = playUpload(wire);
      expect(Object.keys(files)).to.have.members(names);
      expect(order).to.deep.equal(['reset()', ...names.map((n) => `write ${n}`), t.start]);
      expect(calls).to.deep.equal(['reset()', t.start]);
      const want = expectedFiles(b);
      for (const n of names) expect(files[n] === want[n], `${n}: ${files[n].length} B stored, ${want[n].length} B expected`).to.equal(true);
    });
  }

  it('each module holds its code pretokenised, byte for byte (the same on every board)', () => {
    for (const k of MODULE_KEYS) {
      const want = tokenised(moduleJs(k));
      expect(want.length).to.be.below(moduleJs(k).length);
      expect([...want].some((c) => c.charCodeAt(0) >= 0x80)).to.equal(true); // tokens and packed literals
      for (const b of BOARDS) {
        const stored = playUpload(fs.readFileSync(out(b)).toString('latin1')).files[moduleFile(k)];
        expect(Buffer.from(stored, 'latin1').equals(Buffer.from(want, 'latin1')), `${b} ${k}`).to.equal(true);
      }
    }
  });

  for (const b of bootBoards) {
    it(`${b}: .bootcde is the bundle pretokenised by the CLI, equal to footprint.ts's tokeniser, and untokenises to valid JS`, () => {
      const stored = playUpload(fs.readFileSync(out(b)).toString('latin1')).files['.bootcde'];
      const bundle = bundleBytes(b);
      expect(stored.length).to.be.below(bundle.length);
      expect(Buffer.from(stored, 'latin1').equals(Buffer.from(tokenised(bundle), 'latin1'))).to.equal(true);
      expect(() => acorn.parse(tokeniser().untokenise(stored), { ecmaVersion: 'latest' })).not.to.throw();
      expect(() => acorn.parse(tokeniser().untokenise(playUpload(fs.readFileSync(out(b)).toString('latin1')).files['pacer.cmd']), { ecmaVersion: 'latest' })).not.to.throw();
    });
  }

  it('the recorded bytes are one per character: a token 0x80-0xFF is not sent as UTF-8', () => {
    const wire = fs.readFileSync(out('puck'));
    const boot = tokenised(bundleBytes('puck'));
    const tok = boot.charCodeAt(boot.search(/[\x80-\xc1\xf5-\xff]/)); // a byte the CLI leaves raw in its string literal
    expect(wire.includes(Buffer.from([tok]))).to.equal(true);
    expect(wire.includes(Buffer.from(String.fromCharCode(tok), 'utf8'))).to.equal(false);
  });
});

describe('flash: tcp:// goes through a relay that undoes the CLI\'s UTF-8', () => {
  it('reads tcp:// addresses as the CLI does', () => {
    expect(tcpAddress('tcp://192.168.1.5')).to.deep.equal({ host: '192.168.1.5', port: 23 });
    expect(tcpAddress('tcp://:2323')).to.deep.equal({ host: 'localhost', port: 2323 });
    expect(tcpAddress('tcp://127.0.0.1:4000')).to.deep.equal({ host: '127.0.0.1', port: 4000 });
  });

  it('one byte per char to the device (even with a UTF-8 sequence split across writes), replies unchanged', async () => {
    const dev = await standInDevice(() => '\r\n\xa2>');
    const relay = await tcpRelay(dev.port, 5);
    try {
      const { port } = tcpAddress(relay.port);
      const sock = net.createConnection(port, '127.0.0.1');
      await new Promise((r) => sock.once('connect', r));
      const got: Buffer[] = [];
      sock.on('data', (d) => got.push(d));
      const sent = Buffer.from('"\xa2\xd1\xff\xe9"\n', 'utf8'); // what the CLI's socket.write(string) puts on the wire
      sock.write(sent.subarray(0, 2));
      await new Promise((r) => setTimeout(r, 50));
      sock.write(sent.subarray(2));
      await new Promise((r) => setTimeout(r, 200));
      sock.destroy();
      expect(dev.received()).to.equal('"\xa2\xd1\xff\xe9"\n');
      expect(Buffer.concat(got).equals(Buffer.from('\r\n\xa2>', 'latin1'))).to.equal(true);
    } finally {
      relay.close();
      dev.close();
    }
  });

  it('a tcp:// device that is not there fails before the CLI runs', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((r) => server.close(r));
    let err: unknown;
    await tcpRelay(`tcp://127.0.0.1:${port}`, 5).catch((e) => (err = e));
    expect(err).to.be.instanceOf(FlashError);
    expect((err as Error).message).to.match(/could not connect to tcp:\/\/127\.0\.0\.1:\d+ \(ECONNREFUSED\)/);
  });
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

  it('a missing module file: run npm run build first', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'flash-nocmd-'));
    try {
      fs.mkdirSync(path.join(root, 'dist'));
      fs.copyFileSync(path.join(ROOT, bundlePath('bangle2')), path.join(root, bundlePath('bangle2')));
      let err: unknown;
      await flash(parseFlashArgs(['--board', 'bangle2', '--dry-run', path.join(root, 'x')]), root).catch((e) => (err = e));
      expect(err).to.be.instanceOf(FlashError);
      expect((err as Error).message).to.equal('dist/pacer.cmd.js not found: run npm run build first');
      expect(fs.existsSync(path.join(root, 'x'))).to.equal(false);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('flash: the real script against a stand-in device (tcp://127.0.0.1)', () => {
  it('uploads and reports success', async () => {
    const dev = await standInDevice();
    try {
      const r = await runFlash(['--board', 'mdbt42q', '--port', dev.port], 25000); // ~30 Storage.write lines, 250 ms apart
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^flashed dist\/pacer\.cmd\.js \(\d+ B pretokenised\) to Storage "pacer\.cmd", .* and dist\/pacer\.mdbt42q\.js \(\d+ B, pretokenised by the CLI\) to Storage "\.bootcde" on tcp:.* started it with load\(\)/);
      const { files, order } = playUpload(dev.received());
      expect(files).to.deep.equal(expectedFiles('mdbt42q'));
      expect(order).to.deep.equal(['reset()', ...MODULE_FILES.map((n) => `write ${n}`), 'write .bootcde', 'load()']);
    } finally {
      dev.close();
    }
  });

  it('fails when the device prints Uncaught (the CLI itself exits 0)', async () => {
    const dev = await standInDevice((got) => (/load\(/.test(got) ? '\r\nUncaught SyntaxError: Got \',\' expected EOF\r\n>' : '\r\n>'));
    try {
      expectCleanFailure(await runFlash(['--board', 'puck', '--port', dev.port], 25000), /device reported an error: Uncaught SyntaxError/);
    } finally {
      dev.close();
    }
  });

  it('fails when nothing answers', async () => {
    const dev = await standInDevice(() => '');
    try {
      expectCleanFailure(await runFlash(['--board', 'puck', '--port', dev.port], 25000), /no reply from tcp:/);
    } finally {
      dev.close();
    }
  });
});
