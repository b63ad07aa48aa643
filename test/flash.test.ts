// npm run flash: argument parsing, the espruino CLI command per board, the
// output checks, and the real script run end to end with no device: --dry-run,
// the failure paths that can be reproduced offline, and a stand-in device on
// 127.0.0.1 (tcp://) for a good upload and for one the device reports an error on.
// Each board gets the Storage modules (pacer.cmd, pacer.rec, pacer.setup,
// pretokenised) and its resident code (.bootcde pretokenised by the CLI, or the
// Bangle's plain pacer.app.js + pacer.info); the replayed uploads are compared
// byte for byte with the espruino tool's own tokeniser (common/tokeniser.ts).
import * as acorn from 'acorn';
import { expect } from 'chai';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import * as vm from 'vm';
import { BOARDS, BoardId } from '../boards';
import { bundlePath, MODULE_KEYS, moduleFile, modulePath } from '../common/dist';
import {
  FlashError, bundleBuild, checkOutput, checkUploadText, cliArgs, generateSecret, keyLine, moduleBytes, flash, parseFlashArgs, standInDevice, target,
} from '../scripts/flash';
import { ConsoleLink } from '../scripts/console-link';
import { gate } from '../scripts/gate';
import { isGuessable } from '../web/real/secret';
import { tokeniser } from '../common/tokeniser';
import { tcpAddress } from '../scripts/console-link';

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
      // no size and no offset: the whole file at once
      if (size === undefined && offset === 0 && arguments.length === 2) size = data.length;
      if (size !== undefined) {
        files[name] = Buffer.alloc(size, 0xff);
        order.push(`write ${name}`);
      }
      for (let i = 0; i < data.length; i++) if (data.charCodeAt(i) > 0xff) throw new Error(`Storage.write(${name}): char ${data.charCodeAt(i)} is not a byte`);
      Buffer.from(data, 'latin1').copy(files[name], offset);
      return true;
    },
    erase(name: string) {
      delete files[name];
      order.push(`erase ${name}`);
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
  // each \x10 line is a console line of its own (the link's lines end without a semicolon)
  vm.runInNewContext(wire.replace(/\n\x10/g, '\n;').replace(/\x10/g, '').replace(/\x1b\n/g, '\n'), sandbox);
  const out: Record<string, string> = {};
  for (const k of Object.keys(files)) out[k] = files[k].toString('latin1');
  return { files: out, calls, order };
}

const bundleBytes = (b: BoardId) => fs.readFileSync(path.join(ROOT, bundlePath(b))).toString('latin1');
const moduleJs = (k: (typeof MODULE_KEYS)[number], b: BoardId) => fs.readFileSync(path.join(ROOT, modulePath(k, b)), 'utf8');
/** The modules' Storage names, in the order the CLI writes them (the last --storage given, first). */
const MODULE_FILES = MODULE_KEYS.map(moduleFile).reverse();
/** What the device must hold: the tool's own tokeniser output, one char per byte. */
const tokenised = (js: string) => tokeniser().tokenise(js);
const bootBoards = ['puck', 'pico', 'mdbt42q'] as const;

/** The files one board's upload must leave in Storage, byte for byte. */
function expectedFiles(b: BoardId): Record<string, string> {
  const files: Record<string, string> = {};
  for (const k of MODULE_KEYS) files[moduleFile(k)] = tokenised(moduleJs(k, b));
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
      board: 'puck', port: '/dev/ttyACM0', device: undefined, dryRun: undefined, timeoutS: 60, verbose: false, secret: undefined, oldSecret: undefined, open: false,
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
    const key = keyLine('482913') + '\n';
    const good = key + cmd + boot + 'load()\n';
    expect(checkUploadText('puck', good)).to.equal(undefined);
    expect(checkUploadText('puck', keyLine(null) + '\n' + cmd + boot + 'load()\n')).to.equal(undefined);
    expect(checkUploadText('puck', cmd + boot + 'load()\n')).to.match(/neither writes nor erases pacer\.key/);
    expect(checkUploadText('puck', cmd + boot + key + 'load()\n')).to.equal('the upload writes pacer.key after .bootcde');
    expect(checkUploadText('puck', 'reset(true);\n' + good)).to.match(/wipe/);
    expect(checkUploadText('puck', 'require("Storage").eraseAll();\n' + good)).to.match(/wipe/);
    expect(checkUploadText('bangle2', good)).to.match(/pacer.app.js/);
    const others = MODULE_FILES.filter((n) => n !== 'pacer.cmd');
    expect(checkUploadText('puck', key + mods(others) + boot + 'load()\n')).to.equal('the upload does not write pacer.cmd');
    expect(checkUploadText('puck', key + mods(others) + boot + 'load()\n' + mods(['pacer.cmd']))).to.equal('the upload writes pacer.cmd after starting the code');
    expect(checkUploadText('puck', key + cmd + boot)).to.match(/does not start the code with load\(\)/);
  });
});

describe('flash --dry-run: the real script and CLI, no device', function () {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flash-test-'));
  const runs = {} as Record<BoardId, Run>;
  const out = (b: BoardId) => path.join(dir, `upload.${b}.txt`);
  // the secret each board's dry run is given: chosen, generated (none given), or --open
  const secretArgs: Record<BoardId, string[]> = { puck: ['--secret', '482913'], bangle2: ['--secret', '482913'], pico: [], mdbt42q: ['--open'] };

  before(async function () {
    this.timeout(60000);
    await Promise.all(BOARDS.map(async (b) => (runs[b] = await runFlash(['--board', b, '--dry-run', out(b), ...secretArgs[b]], 40000))));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  for (const b of BOARDS) {
    const t = target(b);
    const names = b === 'bangle2' ? [...MODULE_FILES, 'pacer.info', 'pacer.app.js'] : [...MODULE_FILES, '.bootcde'];
    const open = secretArgs[b].includes('--open');
    it(`${b}: ${open ? 'erases' : 'writes'} pacer.key first, then writes exactly ${names.join(', ')}, in that order, then starts the code with ${t.start}`, () => {
      const r = runs[b];
      expect(r.code, r.stderr).to.equal(0);
      expect(r.stdout).to.match(/^dry run: wrote the \d+ bytes sent to flash/).and.include('Storage "pacer.cmd"');
      const wire = fs.readFileSync(out(b)).toString('latin1');
      expect(wire).to.include(`require("Storage").write(${JSON.stringify(t.file)},`);
      expect(wire).to.include('require("Storage").write("pacer.cmd",');
      expect(wire).to.include(t.start);
      expect(wire).not.to.match(/reset\(\s*true|eraseAll/);
      const { files, calls, order } = playUpload(wire);
      expect(Object.keys(files)).to.have.members(open ? names : ['pacer.key', ...names]);
      expect(order).to.deep.equal([open ? 'erase pacer.key' : 'write pacer.key', 'reset()', ...names.map((n) => `write ${n}`), t.start]);
      expect(calls).to.deep.equal(['reset()', t.start]);
      const want = expectedFiles(b);
      for (const n of names) expect(files[n] === want[n], `${n}: ${files[n].length} B stored, ${want[n].length} B expected`).to.equal(true);
    });
  }

  it('--secret: that secret in pacer.key, and the report does not print it', () => {
    for (const b of ['puck', 'bangle2'] as const) {
      expect(playUpload(fs.readFileSync(out(b)).toString('latin1')).files['pacer.key']).to.equal('482913');
      expect(runs[b].stdout).to.include('the secret would be the one given with --secret').and.not.include('482913');
    }
  });

  it('no --secret: a secret is generated, six digits not easy to guess, printed once, and that one is in pacer.key', () => {
    const key = playUpload(fs.readFileSync(out('pico')).toString('latin1')).files['pacer.key'];
    expect(key).to.match(/^[0-9]{6}$/);
    expect(isGuessable(key)).to.equal(false);
    expect(runs.pico.stdout).to.include(`the secret would be ${key} (generated: write it down now, it is shown only this once`);
    expect(runs.pico.stdout.split(key)).to.have.length(2);
  });

  it('--open: pacer.key erased, and the report says the console is open, for development only', () => {
    expect(runs.mdbt42q.stdout).to.match(/OPEN: would flash with --open, no secret: anyone in Bluetooth range can use its console \(development only\)/);
    expect(playUpload(fs.readFileSync(out('mdbt42q')).toString('latin1')).order[0]).to.equal('erase pacer.key');
  });

  it('each module holds its board\'s build pretokenised, byte for byte (one build for boards with a screen, one for the rest)', () => {
    for (const k of MODULE_KEYS) {
      for (const b of BOARDS) {
        const want = tokenised(moduleJs(k, b));
        expect(want.length).to.be.below(moduleJs(k, b).length);
        expect([...want].some((c) => c.charCodeAt(0) >= 0x80)).to.equal(true); // tokens and packed literals
        const stored = playUpload(fs.readFileSync(out(b)).toString('latin1')).files[moduleFile(k)];
        expect(Buffer.from(stored, 'latin1').equals(Buffer.from(want, 'latin1')), `${b} ${k}`).to.equal(true);
      }
    }
  });

  for (const b of bootBoards) {
    it(`${b}: .bootcde is the bundle pretokenised by the CLI, equal to common/tokeniser.ts's tokeniser, and untokenises to valid JS`, () => {
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

describe('flash: the CLI goes through the console link\'s relay, which undoes its UTF-8', () => {
  it('reads tcp:// addresses as the CLI does', () => {
    expect(tcpAddress('tcp://192.168.1.5')).to.deep.equal({ host: '192.168.1.5', port: 23 });
    expect(tcpAddress('tcp://:2323')).to.deep.equal({ host: 'localhost', port: 2323 });
    expect(tcpAddress('tcp://127.0.0.1:4000')).to.deep.equal({ host: '127.0.0.1', port: 4000 });
  });

  it('one byte per char to the device (even with a UTF-8 sequence split across writes), replies unchanged, the link open after', async () => {
    const dev = await standInDevice(() => '\r\n\xa2>');
    const link = await ConsoleLink.open({ port: dev.port, timeoutS: 5 });
    const relay = await link.relay();
    try {
      const { port } = tcpAddress(relay.port);
      const sock = net.createConnection(port, '127.0.0.1');
      await new Promise((r) => sock.once('connect', r));
      const got: Buffer[] = [];
      sock.on('data', (d) => got.push(d));
      const before = dev.received().length;
      const sent = Buffer.from('"\xa2\xd1\xff\xe9"\n', 'utf8'); // what the CLI's socket.write(string) puts on the wire
      sock.write(sent.subarray(0, 2));
      await new Promise((r) => setTimeout(r, 50));
      sock.write(sent.subarray(2));
      await new Promise((r) => setTimeout(r, 200));
      sock.destroy();
      await relay.done;
      expect(dev.received().slice(before)).to.equal('"\xa2\xd1\xff\xe9"\n');
      expect(Buffer.concat(got).equals(Buffer.from('\r\n\xa2>', 'latin1'))).to.equal(true);
      expect(link.closed).to.equal(null);
      await link.sync();
    } finally {
      relay.close();
      link.close();
      dev.close();
    }
  });

  it('a tcp:// device that is not there fails before the CLI runs: nothing written', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((r) => server.close(r));
    let err: unknown;
    await flash(parseFlashArgs(['--board', 'puck', '--port', `tcp://127.0.0.1:${port}`, '--timeout', '5'])).catch((e) => (err = e));
    expect(err).to.be.instanceOf(FlashError);
    expect((err as Error).message).to.match(/could not connect to tcp:\/\/127\.0\.0\.1:\d+ \(connection refused: nothing listens there\); nothing was written$/);
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
    it('a path that is not a serial port: the link cannot open it; nothing written', async () => {
      const r = await runFlash(['--board', 'puck', '--port', '/dev/null', '--timeout', '10'], 15000);
      expectCleanFailure(r, /(could not open|not found|nothing answered at) .*\/dev\/null.*nothing was written$/);
    });
  }

  it('a Bluetooth address with no adapter (or no such device) fails within --timeout', async () => {
    const r = await runFlash(['--board', 'puck', '--port', 'aa:bb:cc:dd:ee:ff', '--timeout', '10'], 15000);
    expectCleanFailure(r, /(Bluetooth|could not connect|not found|nothing answered).*nothing was written$/);
  });

  it('a device name with no adapter (or no such device) fails within --timeout', async () => {
    const r = await runFlash(['--board', 'puck', '--device', 'Puck.js NOSUCH', '--timeout', '10'], 15000);
    expectCleanFailure(r, /(Bluetooth|could not connect|not found|nothing answered).*nothing was written$/);
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

  it('a missing module file (the Bangle.js 2 takes those with texts): run npm run build first', async () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'flash-nocmd-'));
    try {
      fs.mkdirSync(path.join(root, 'dist'));
      fs.copyFileSync(path.join(ROOT, bundlePath('bangle2')), path.join(root, bundlePath('bangle2')));
      let err: unknown;
      await flash(parseFlashArgs(['--board', 'bangle2', '--dry-run', path.join(root, 'x')]), root).catch((e) => (err = e));
      expect(err).to.be.instanceOf(FlashError);
      expect((err as Error).message).to.equal('dist/screen/pacer.cmd.js not found: run npm run build first');
      expect(fs.existsSync(path.join(root, 'x'))).to.equal(false);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});

describe('flash: the real script against a stand-in device (tcp://127.0.0.1)', function () {
  /** The restarted pacer as the stand-in answers the flash's check: this build's pacer. */
  const pacerOf = (b: BoardId) => (expr: string) => (expr.includes('pacer.build') ? [bundleBuild(bundleBytes(b))] : true);
  /** The Storage writes and erases a wire holds (none: nothing was written). */
  const writesOf = (wire: string) => wire.match(/require\("Storage"\)\.(write|erase)\("[^"]+"/g) ?? [];
  type Dev = Awaited<ReturnType<typeof standInDevice>>;
  /** Each scenario: its stand-in, then the flash runs in order; all scenarios at once (each upload takes ~15 s). */
  const scenarios: Record<string, { make: () => Promise<Dev>; runs: string[][] }> = {
    fresh: { make: () => standInDevice(undefined, { answer: pacerOf('mdbt42q') }), runs: [['--board', 'mdbt42q', '--secret', '482913']] },
    keep: { make: () => standInDevice(undefined, { secret: '482913', answer: pacerOf('puck') }), runs: [['--board', 'puck', '--secret', '482913']] },
    change: { make: () => standInDevice(undefined, { secret: '482913', answer: pacerOf('puck') }), runs: [['--board', 'puck', '--old-secret', '482913', '--secret', '771203']] },
    wrong: { make: () => standInDevice(undefined, { secret: '482913', answer: pacerOf('puck') }), runs: [['--board', 'puck', '--secret', '593017']] },
    none: { make: () => standInDevice(undefined, { secret: '482913' }), runs: [['--board', 'puck']] },
    open: { make: () => standInDevice(undefined, { secret: '482913', answer: pacerOf('pico') }), runs: [['--board', 'pico', '--open'], ['--board', 'pico', '--open', '--old-secret', '482913']] },
    generated: { make: () => standInDevice(undefined, { answer: pacerOf('puck') }), runs: [['--board', 'puck']] },
    unlocked: { make: () => standInDevice(undefined, { ignoresKey: true, answer: pacerOf('puck') }), runs: [['--board', 'puck', '--secret', '482913']] },
    uncaught: { make: () => standInDevice((got) => (/load\(/.test(got) ? '\r\nUncaught SyntaxError: Got \',\' expected EOF\r\n>' : '\r\n>')), runs: [['--board', 'puck']] },
    silent: { make: () => standInDevice(undefined, { silent: true }), runs: [['--board', 'puck', '--timeout', '3']] },
  };
  const devs: Record<string, Dev> = {};
  const runs: Record<string, Run[]> = {};
  before(async function () {
    this.timeout(120000);
    await Promise.all(
      Object.entries(scenarios).map(async ([k, sc]) => {
        const dev = (devs[k] = await sc.make());
        runs[k] = [];
        for (const args of sc.runs) runs[k].push(await runFlash([...args, '--port', dev.port], 90000));
      }),
    );
  });
  after(() => Object.values(devs).forEach((d) => d.close()));

  it('a new pacer, --secret: writes it, uploads, checks the restarted pacer asks for it, takes it and runs this build', () => {
    const [r] = runs.fresh;
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/^flashed dist\/pacer\.cmd\.js \(\d+ B pretokenised\) to Storage "pacer\.cmd", .* and dist\/pacer\.mdbt42q\.js \(\d+ B, pretokenised by the CLI\) to Storage "\.bootcde" on tcp:.* started it with load\(\), checked: it asks for its secret, takes it and runs this build; its secret is the one given with --secret/);
    expect(r.stdout).not.to.include('482913');
    const wire = devs.fresh.received();
    const { files, order } = playUpload(wire);
    expect(files).to.deep.equal({ ...expectedFiles('mdbt42q'), 'pacer.key': '482913' });
    expect(order).to.deep.equal(['write pacer.key', 'reset()', ...MODULE_FILES.map((n) => `write ${n}`), 'write .bootcde', 'load()']);
    // after load(): the check's first line is a wrong attempt (it runs nothing), then the secret, once
    expect(wire.slice(wire.lastIndexOf('load()')).split('\n482913\n')).to.have.length(2);
  });

  it('a pacer locked with a secret: --secret opens it (one line, before anything else) and keeps it', () => {
    const [r] = runs.keep;
    expect(r.code, r.stderr).to.equal(0);
    const wire = devs.keep.received();
    // the probe (a password attempt that runs nothing), the secret, then the link's own lines
    const first = wire.split('\n').slice(0, 2);
    expect(first[0]).to.match(/^\x10print\("<<"\+"pl\w+>>"\)$/);
    expect(first[1]).to.equal('482913');
    expect(playUpload(wire).files['pacer.key']).to.equal('482913');
  });

  it('changing the secret needs the old one: --old-secret opens, the new one is written and the restarted pacer takes it', () => {
    const [r] = runs.change;
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.include('it asks for its secret, takes it and runs this build');
    const wire = devs.change.received();
    expect(playUpload(wire).files['pacer.key']).to.equal('771203');
    expect(wire.slice(wire.lastIndexOf('load()')).split('\n771203\n')).to.have.length(2);
  });

  it('a wrong secret: one attempt, one clear line, nothing written', () => {
    const [r] = runs.wrong;
    expectCleanFailure(r, /refused the secret: it is not this pacer's; nothing was written$/);
    expect(writesOf(devs.wrong.received())).to.deep.equal([]);
    expect(devs.wrong.received().split('\n593017\n')).to.have.length(2); // typed once
    expect(r.stderr).not.to.include('593017');
  });

  it('a locked pacer and no secret to open it (a new one would be generated): refused, nothing written', () => {
    expectCleanFailure(runs.none[0], /is locked with a secret: give it with --secret \(to keep it\) or --old-secret \(to change it\); nothing was written$/);
    expect(writesOf(devs.none.received())).to.deep.equal([]);
  });

  it('--open clears the secret only with the old one; then the restarted console answers without one, and the report says OPEN', () => {
    const [refused, r] = runs.open;
    expectCleanFailure(refused, /is locked with a secret: give it with --old-secret to clear it; nothing was written$/);
    expect(r.code, r.stderr).to.equal(0);
    expect(r.stdout).to.match(/checked: it answers with no secret and runs this build; OPEN: flashed with --open, no secret: anyone in Bluetooth range can use its console \(development only\)$/m);
    const wire = devs.open.received();
    const second = wire.slice(wire.indexOf('\n482913\n'));
    expect(writesOf(wire.slice(0, wire.indexOf('\n482913\n')))).to.deep.equal([]); // the refused run wrote nothing
    expect(playUpload(second).order[0]).to.equal('erase pacer.key');
  });

  it('no --secret: one is generated and printed once; the restarted pacer takes it', () => {
    const [r] = runs.generated;
    expect(r.code, r.stderr).to.equal(0);
    const key = playUpload(devs.generated.received()).files['pacer.key'];
    expect(key).to.match(/^[0-9]{6}$/);
    expect(r.stdout).to.include(`its secret is ${key} (generated: write it down now, it is shown only this once`);
    expect(r.stdout.split(key)).to.have.length(2);
  });

  it('a firmware that does not lock after the flash is reported, with the secret the pacer may now hold', () => {
    expectCleanFailure(runs.unlocked[0], /answered without its secret after the flash: the firmware did not lock it .*; the pacer may already hold the secret given with --secret$/);
  });

  it('fails when the device prints Uncaught (the CLI itself exits 0), saying the generated secret the pacer may now hold', () => {
    const [r] = runs.uncaught;
    const key = playUpload(devs.uncaught.received()).files['pacer.key'];
    expectCleanFailure(r, /device reported an error: Uncaught SyntaxError/);
    expect(r.stderr).to.include(`; the pacer may already hold its new secret ${key} (generated: keep it)`);
  });

  it('fails when nothing answers: nothing written', () => {
    expectCleanFailure(runs.silent[0], /nothing answered at tcp:.*; nothing was written$/);
  });
});

describe('flash: the secret\'s flags and lines', () => {
  it('--secret and --old-secret are six digits; a guessable new one, and --secret with --open, are refused (nothing written)', () => {
    expect(parseFlashArgs(['--board', 'puck', '--port', 'x', '--secret', '482913'])).to.include({ secret: '482913', open: false });
    expect(parseFlashArgs(['--board', 'puck', '--port', 'x', '--open', '--old-secret', '482913'])).to.include({ oldSecret: '482913', open: true });
    for (const bad of ['48291', '4829134', '48291a', '482 913', '', '٤٨٢٩١٣', '482913\n']) {
      expect(() => parseFlashArgs(['--board', 'puck', '--port', 'x', '--secret', bad]), JSON.stringify(bad)).to.throw(FlashError, /^--secret: the secret (is six digits|is empty).*; nothing was written$/);
      expect(() => parseFlashArgs(['--board', 'puck', '--port', 'x', '--old-secret', bad])).to.throw(FlashError, /^--old-secret: /);
    }
    for (const weak of ['000000', '123456', '987654', '890123']) {
      expect(() => parseFlashArgs(['--board', 'puck', '--port', 'x', '--secret', weak])).to.throw(FlashError, /attacker tries first/);
    }
    expect(() => parseFlashArgs(['--board', 'puck', '--port', 'x', '--secret', '482913', '--open'])).to.throw(FlashError, /not both/);
  });

  it('a refused secret flag is one line and exit 1 from the real script, before any connection', async () => {
    const r = await runFlash(['--board', 'puck', '--port', 'tcp://127.0.0.1:1', '--secret', '12ab56'], 10000);
    expectCleanFailure(r, /--secret: the secret is six digits \(0-9\) and nothing else; nothing was written/);
    expect(r.stderr).not.to.include('12ab56');
  });

  it('generated secrets: six digits, never guessable, spread over the digits', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 300; i++) {
      const s = generateSecret();
      expect(s).to.match(/^[0-9]{6}$/);
      expect(isGuessable(s)).to.equal(false);
      seen.add(s);
    }
    expect(seen.size).to.be.above(290);
  });

  it('the secret\'s line writes or erases pacer.key, and passes the interpreter gate', () => {
    expect(keyLine('482913')).to.equal('require("Storage").write("pacer.key","482913")');
    expect(keyLine(null)).to.equal('require("Storage").erase("pacer.key")');
    for (const l of [keyLine('482913'), keyLine(null)]) expect(gate(l)).to.deep.equal([]);
  });
});
