// npm run device and the console link under it (scripts/console-link.ts),
// with no interpreter: the Puck.js bundle behind the fake console over TCP
// (test/web/fake-pacer.ts: serveFake), a bare Espruino-like console with no
// pacer, and servers that answer nothing, something else, or a password
// prompt. Also: the link through the espruino library's bridge (the path
// serial and Bluetooth take), and the failures that need no device: a serial
// port that does not exist, a Windows port name, Bluetooth where there is none.
import { expect } from 'chai';
import * as fs from 'fs';
import * as net from 'net';
import * as vm from 'vm';
import { ConsoleLink, LinkError } from '../scripts/console-link';
import { BUILD_LINE, ENV_LINE, KEY_LINE, main, MEMORY_LINE, readReport, STATUS_LINE } from '../scripts/device';
import { gate } from '../scripts/gate';
import { FakePacer, serveFake } from './web/fake-pacer';

interface Run {
  code: number;
  out: string[];
  err: string[];
}

async function device(args: string[]): Promise<Run> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(args, (s) => out.push(s), (s) => err.push(s));
  return { code, out, err };
}

/** A TCP server that answers each complete line with `answer(line)` (nothing: stays silent). */
async function lineServer(answer: (line: string) => string | null, greeting = '', byteByByte = false): Promise<{ port: string; close: () => void }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((s) => {
    sockets.add(s);
    s.on('error', () => undefined);
    if (greeting) s.write(greeting);
    let buf = '';
    s.on('data', (d) => {
      buf += d.toString('latin1');
      let i;
      while ((i = buf.indexOf('\n')) >= 0) {
        const line = buf.slice(0, i).replace(/^\x10/, '');
        buf = buf.slice(i + 1);
        const a = answer(line);
        if (a === null) continue;
        if (!byteByByte) s.write(a, 'latin1');
        else [...a].forEach((ch, k) => setTimeout(() => s.writable && s.write(ch, 'latin1'), 2 * k));
      }
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return {
    port: `tcp://127.0.0.1:${(server.address() as net.AddressInfo).port}`,
    close: () => {
      for (const s of sockets) s.destroy();
      server.close();
    },
  };
}

/** An Espruino console with no pacer firmware: each line runs in a plain context, as on an interpreter with empty Storage. */
function bareEspruino() {
  const printed: string[] = [];
  const ctx = vm.createContext({
    print: (...a: unknown[]) => printed.push(a.map(String).join(' ')),
    process: { env: { BOARD: 'PUCKJS', VERSION: '2v29' }, memory: () => ({ free: 2580, usage: 50, total: 2630, history: 0, gc: 0, gctime: 0, blocksize: 13 }) },
    require: (m: string) => {
      if (m !== 'Storage') throw new Error(`Module ${m} not found`);
      return { getFree: () => 40000 };
    },
  });
  return (line: string) => {
    printed.length = 0;
    try {
      vm.runInContext(line, ctx);
    } catch (e) {
      printed.push(`Uncaught ${(e as Error).message}`);
    }
    return printed.map((p) => `${p}\r\n`).join('') + '>';
  };
}

async function closedPort(): Promise<string> {
  const server = net.createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((r) => server.close(() => r()));
  return `tcp://127.0.0.1:${port}`;
}

/** One line on stderr, nothing on stdout, exit 1. */
function oneLineFailure(r: Run, re: RegExp): void {
  expect(r.code, r.err.join('\n')).to.equal(1);
  expect(r.out).to.deep.equal([]);
  expect(r.err).to.have.length(1);
  expect(r.err[0]).to.not.include('\n');
  expect(r.err[0]).to.match(/^device: /);
  expect(r.err[0]).to.match(re);
}

describe('npm run device: what a pacer is and holds, over its console', () => {
  it('reports build, board, version, the pacer\'s state, JsVars and free Storage from the Puck.js bundle behind a console', async () => {
    const pacer = new FakePacer();
    const srv = await serveFake(pacer);
    try {
      const r = await device(['--port', srv.port]);
      expect(r.code, r.err.join('\n')).to.equal(0);
      const text = r.out.join('\n');
      const build = (pacer.engine.device.context.pacer as { build?: unknown }).build;
      expect(text).to.include(`device   ${srv.port}`);
      expect(text).to.include(`firmware build ${build === undefined ? 'unknown' : String(build)}`);
      expect(text).to.include('board    PUCKJS, Espruino 2v29');
      expect(text).to.match(/^pacer    idle \{/m);
      expect(text).to.include('JsVars   660 in use, 1970 free, 2630 in all (13 B each)');
      expect(text).to.include('peak     690 JsVars');
      // what FREE_LINE reads: getStats()'s freeBytes where the interpreter has it, else getFree()
      type Storage = { getFree(): number; getStats?: () => { freeBytes: number } };
      const S = (pacer.engine.device.context.require as (m: string) => Storage)('Storage');
      const free = S.getStats ? S.getStats().freeBytes : S.getFree();
      expect(text).to.include(`Storage  ${free} B free`);
      // read only: nothing was restarted and no line but the questions ran
      expect(pacer.loads).to.equal(0);
      expect(pacer.ran.every((l) => !/load\(|reset\(|write\(/.test(l))).to.equal(true);
      // the long lines filled the console's input: XOFF then XON, and the answers still read
      expect(pacer.xoffs).to.be.greaterThan(0);

      const j = await device(['--port', srv.port, '--json']);
      expect(j.code).to.equal(0);
      const report = JSON.parse(j.out[0]);
      expect(report.status).to.deep.equal(JSON.parse(JSON.stringify(pacer.status())));
      expect(report.memory).to.deep.equal({ usage: 660, total: 2630, free: 1970, blocksize: 13, peak: 690 });
      expect(report.board).to.equal('PUCKJS');
    } finally {
      await srv.close();
    }
  });

  it('a console with no pacer firmware: "no pacer firmware", build none, no peak where the interpreter reports none', async () => {
    const run = bareEspruino();
    const srv = await lineServer(run, '\r\n>');
    try {
      const r = await device(['--port', srv.port]);
      expect(r.code, r.err.join('\n')).to.equal(0);
      const text = r.out.join('\n');
      expect(text).to.include('pacer    no pacer firmware (pacer is undefined)');
      expect(text).to.include('firmware none');
      expect(text).to.include('peak     not reported by this interpreter');
      expect(text).to.include('JsVars   50 in use, 2580 free, 2630 in all (13 B each)');
      expect(text).to.include('Storage  40000 B free');
    } finally {
      srv.close();
    }
  });

  it('nothing answering within --timeout: one line, exit 1', async () => {
    const srv = await lineServer(() => null);
    try {
      const t0 = Date.now();
      const r = await device(['--port', srv.port, '--timeout', '1']);
      oneLineFailure(r, new RegExp(`nothing answered at ${srv.port.replace(/\./g, '\\.')} within 1 s`));
      expect(Date.now() - t0).to.be.below(5000);
    } finally {
      srv.close();
    }
  });

  it('a tcp:// port nothing listens on: one line, exit 1', async () => {
    const port = await closedPort();
    oneLineFailure(await device(['--port', port, '--timeout', '2']), /could not connect to tcp:\/\/127\.0\.0\.1:\d+ \(connection refused: nothing listens there\)/);
  });

  it('a serial port that does not exist, and a Windows port name elsewhere: one line, exit 1', async () => {
    oneLineFailure(await device(['--port', '/dev/ttyNOPE9']), /serial port \/dev\/ttyNOPE9 does not exist/);
    if (process.platform !== 'win32') oneLineFailure(await device(['--port', 'COM3']), /COM3 is a Windows port name/);
  });

  it('Bluetooth where this machine has none: one line, exit 1 (through the espruino library)', async function () {
    if (fs.existsSync('/var/run/dbus/system_bus_socket') || process.platform !== 'linux') this.skip();
    this.timeout(30000);
    oneLineFailure(await device(['--port', 'e7:e0:57:ad:36:a2', '--timeout', '15']), /Bluetooth is not usable here to reach e7:e0:57:ad:36:a2/);
    oneLineFailure(await device(['--device', 'Puck.js', '--timeout', '15']), /Bluetooth is not usable here to reach the device named "Puck\.js"/);
  });

  it('a wrong answer: something that is not an Espruino console, and a console whose process.memory() is not understood', async () => {
    const other = await lineServer(() => 'ERR unknown command\r\n');
    try {
      oneLineFailure(await device(['--port', other.port, '--timeout', '1']), /answered, but not as an Espruino console does: "ERR unknown command/);
    } finally {
      other.close();
    }
    const pacer = new FakePacer();
    pacer.memoryFigures = () => ({ usage: 'lots' });
    const srv = await serveFake(pacer);
    try {
      oneLineFailure(await device(['--port', srv.port, '--timeout', '2']), /the answer from .* to process\.memory\(\) was not understood: \{"usage":"lots"/);
    } finally {
      await srv.close();
    }
  });

  it('a locked console (E.setPassword) and no --secret: says so in one line', async () => {
    const srv = await lineServer(() => 'Invalid password\r\npassword>', 'password>');
    try {
      oneLineFailure(await device(['--port', srv.port, '--timeout', '1']), /the console of .* is locked: it asks for the pacer's secret \(give it with --secret; nothing was read or changed\)/);
    } finally {
      srv.close();
    }
  });

  it('bad flags: a usage error, exit 2', async () => {
    const r = await device(['--port', 'tcp://127.0.0.1:1', '--device', 'x']);
    expect(r.code).to.equal(2);
    expect(r.err[0]).to.match(/give --port or --device, not both/);
    expect((await device(['--timeout', '0', '--port', 'x'])).code).to.equal(2);
    expect((await device(['--bogus'])).code).to.equal(2);
    expect((await device([])).err[0]).to.match(/no device: give --port/);
  });

  it('the link reads answers by marker through prompt noise, erase-line sequences and XON/XOFF split anywhere', async () => {
    // every byte of the answer arrives on its own, with flow control and an asynchronous print in between
    const srv = await lineServer((line) => {
      const m = /print\("<<"\+"(pl\w+)>>"/.exec(line);
      if (!m) return '>';
      return `\r\x1b[J>tick\r\n>\x13<<${m[1]}>>[1,{"a":\x111}]\r\n>`;
    }, '', true);
    try {
      const link = await ConsoleLink.open({ port: srv.port, timeoutS: 2 });
      try {
        expect(await link.evaluate('1')).to.deep.equal({ a: 1 });
        expect(link.text).to.not.include('\x13');
      } finally {
        link.close();
      }
    } finally {
      srv.close();
    }
  });

  it('the same report through the espruino library\'s bridge (the path serial and Bluetooth take)', async function () {
    this.timeout(30000);
    const pacer = new FakePacer();
    const srv = await serveFake(pacer);
    try {
      const link = await ConsoleLink.open({ port: srv.port, timeoutS: 20, viaLibrary: true });
      try {
        const r = await readReport(link);
        expect(r.board).to.equal('PUCKJS');
        expect(r.status).to.deep.equal(JSON.parse(JSON.stringify(pacer.status())));
        expect(r.memory.usage).to.equal(660);
      } finally {
        link.close();
      }
    } finally {
      await srv.close();
    }
  });

  it('a throw on the device comes back as the device\'s error text; a lost link as a LinkError', async () => {
    const pacer = new FakePacer();
    const srv = await serveFake(pacer);
    try {
      const link = await ConsoleLink.open({ port: srv.port, timeoutS: 2 });
      try {
        let e: unknown;
        await link.evaluate('pacer.protocol("no-such-protocol")').catch((x) => (e = x));
        expect((e as Error).message).to.match(/no-such-protocol/);
        pacer.dropAfterRun = { match: 'getTime' };
        e = undefined;
        await link.evaluate('getTime()').catch((x) => (e = x));
        expect(e).to.be.instanceOf(LinkError);
        expect((e as Error).message).to.match(/closed/);
      } finally {
        link.close();
      }
    } finally {
      await srv.close();
    }
  });

  it('every line it sends passes the interpreter gate (they run on the device)', () => {
    for (const line of [MEMORY_LINE, ENV_LINE, BUILD_LINE, STATUS_LINE, KEY_LINE]) {
      expect(gate(`(function(){var r;try{r=[1,(${line})]}catch(e){r=[0,""+e]}print("<<"+"pl0000000001>>"+JSON.stringify(r))})()`), line).to.deep.equal([]);
    }
  });
});

// The pacer's secret (README: Security): the Puck.js bundle booted with Storage pacer.key locks the
// virtual Espruino's console (E.setPassword, E.lockConsole), and the fake console over TCP takes
// every line as a password attempt until the secret comes.
describe('npm run device: a pacer with a secret', () => {
  const locked = () => new FakePacer({ 'pacer.key': '482913' });

  it('with --secret: typed once, the report read, and it says the console was locked', async () => {
    const pacer = locked();
    expect(pacer.locked).to.equal(true);
    const srv = await serveFake(pacer);
    try {
      const r = await device(['--port', srv.port, '--secret', '482913']);
      expect(r.code, r.err.join('\n')).to.equal(0);
      const text = r.out.join('\n');
      expect(text).to.match(/^pacer    idle \{/m);
      expect(text).to.include('console  locked: it asked for the secret, and took it');
      expect(text).not.to.include('482913');
      expect(pacer.engine.device.attempts).to.equal(2); // the probe (a wrong attempt that ran nothing), then the secret
      expect(pacer.engine.device.wrongAttempts).to.equal(1);
      expect(pacer.received.split('\n482913\n')).to.have.length(2);
      // the link closed: the firmware's disconnect handler locked the console again
      await new Promise((w) => setTimeout(w, 100));
      expect(pacer.locked).to.equal(true);
      const j = await device(['--port', srv.port, '--secret', '482913', '--json']);
      expect(JSON.parse(j.out[0])).to.include({ locked: true, secret: true });
    } finally {
      await srv.close();
    }
  });

  it('without --secret: one line, exit 1, nothing but the probe ran', async () => {
    const pacer = locked();
    const srv = await serveFake(pacer);
    try {
      oneLineFailure(await device(['--port', srv.port, '--timeout', '2']), /is locked: it asks for the pacer's secret \(give it with --secret; nothing was read or changed\)/);
      expect(pacer.ran).to.deep.equal([]);
    } finally {
      await srv.close();
    }
  });

  it('a wrong secret: one attempt, one line, exit 1, nothing ran; a secret the console cannot carry is a usage error before any connection', async () => {
    const pacer = locked();
    const srv = await serveFake(pacer);
    try {
      const r = await device(['--port', srv.port, '--secret', '593017', '--timeout', '2']);
      oneLineFailure(r, /refused the secret: it is not this pacer's \(nothing was read or changed\)/);
      expect(r.err[0]).not.to.include('593017');
      expect(pacer.ran).to.deep.equal([]);
      expect(pacer.engine.device.attempts).to.equal(2);
      for (const bad of ['48291', '48291x', '4829130', '482913\r']) {
        const u = await device(['--port', srv.port, '--secret', bad]);
        expect(u.code, bad).to.equal(2);
        expect(u.err[0]).to.match(/^device: --secret: the secret is six digits/);
      }
      expect(pacer.engine.device.attempts).to.equal(2);
    } finally {
      await srv.close();
    }
  });

  it('a pacer flashed --open says so; an open console and a secret given: the secret is never sent', async () => {
    const pacer = new FakePacer();
    const srv = await serveFake(pacer);
    try {
      const r = await device(['--port', srv.port, '--secret', '482913']);
      expect(r.code, r.err.join('\n')).to.equal(0);
      expect(r.out.join('\n')).to.include('console  OPEN: no secret (flashed with --open?): anyone in range can use it');
      expect(pacer.received).not.to.include('482913');
    } finally {
      await srv.close();
    }
  });

  it('the link types the secret again when the pacer restarts (load() locks it), and a line it sent raw meanwhile is reported, not retried', async () => {
    const pacer = locked();
    const srv = await serveFake(pacer);
    try {
      const link = await ConsoleLink.open({ port: srv.port, timeoutS: 5, secret: '482913' });
      try {
        expect(link.wasLocked).to.equal(true);
        expect(await link.evaluate('pacer.status().state')).to.equal('idle');
        // a restart: the firmware boots again and locks its console; the next question types the secret again
        await link.evaluate('setTimeout(load,10)&&1');
        pacer.advance(50);
        await link.evaluate('1'); // the restart happens on the console's next pass
        expect(pacer.loads).to.equal(1);
        expect(await link.evaluate('pacer.status().state')).to.equal('idle');
        expect(link.logins).to.equal(2);
        await link.evaluate('setTimeout(load,10)&&1');
        pacer.advance(50);
        link.sendLine('1');
        link.sendLine('var x=1');
        let e: unknown;
        await link.sync().catch((x) => (e = x));
        expect(e).to.be.instanceOf(LinkError);
        expect((e as Error).message).to.match(/locked itself .* while lines were being sent: they did not run/);
      } finally {
        link.close();
      }
    } finally {
      await srv.close();
    }
  });
});
