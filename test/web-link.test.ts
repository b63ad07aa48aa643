// The pieces of the web companion's real-pacer half that need no browser:
// every device line against the interpreter gate,
// the Storage lines a flash sends (every byte value survives the trip, and
// the chunks rebuild the file exactly on the virtual Espruino's Storage),
// the reading of the device's error text, the simulated console's
// multi-line rule, and npm run web's --port.
import { expect } from 'chai';
import * as vm from 'vm';
import { VirtualStorage } from '../sim/storage';
import { parsePort } from '../scripts/web-serve';
import { gate } from '../scripts/gate';
import { DEFAULT_SETTINGS } from '../firmware/core/settings';
import { HEAD_DRAINAGE } from '../firmware/core/protocol';
import * as lines from '../web/real/device-lines';
import { byteLiteral, CHUNK_BYTES, storageLines } from '../web/real/pacer-link';
import { checkWire, deviceError, EspruinoLink, LinkError, stripFlow } from '../web/real/transport';
import { FakePacer, openBrackets } from './web/fake-pacer';

describe('web companion: flash lines, device errors, console input', () => {
  it('every line the page sends a pacer passes the interpreter gate (they run on the device, not in the browser)', () => {
    const sent = [
      lines.BOARD_LINE, lines.STATUS_LINE, lines.READ_SETUP_LINE, lines.LOG_LINE, lines.FREE_LINE, lines.CLEAN_STAGING_LINE, lines.NEW_STATUS_LINE, lines.COMPACT_LINE, lines.roomLine(["pacer.cmd", ".bootcde"]),
      lines.pushLine(DEFAULT_SETTINGS, JSON.stringify(HEAD_DRAINAGE)),
      lines.swapLine([{ staging: lines.stagingName('pacer.cmd'), final: 'pacer.cmd', bytes: 'x'.repeat(300) }, { staging: lines.stagingName(lines.BOOT_FILE), final: lines.BOOT_FILE, bytes: '\x80\xff' }]),
      ...storageLines(lines.stagingName(lines.BOOT_FILE), 'ab\x00\xff"\\'.repeat(100)),
    ];
    for (const line of sent) expect(gate(line.replace(/^\x10/, '').replace(/\n$/, '')), line.slice(0, 60)).to.deep.equal([]);
    // and the gate would say so: the same kind of line with a construct the device lacks
    expect(gate(lines.STATUS_LINE.replace('pacer.', 'pacer?.')).map((p) => p.rule)).to.deep.equal(['optional-chaining']);
  });

  it('a byte literal reads back as the same 256 byte values', () => {
    const all = Array.from({ length: 256 }, (_, i) => String.fromCharCode(i)).join('');
    const lit = byteLiteral(all);
    expect(lit).to.match(/^"[\x20-\x7e]*"$/, 'plain printable ASCII on the wire');
    expect(vm.runInNewContext(lit)).to.equal(all);
    expect(() => byteLiteral('\u0100')).to.throw(/not a byte/);
  });

  it('the chunked Storage lines rebuild a file exactly, on the simulated pacer\'s console', () => {
    const bytes = Array.from({ length: 3 * CHUNK_BYTES + 17 }, (_, i) => String.fromCharCode((i * 37) & 0xff)).join('');
    const lines = storageLines('pacer.ncmd', bytes);
    expect(lines).to.have.length(4);
    expect(lines.every((l) => l.startsWith('\x10') && l.endsWith('\n'))).to.equal(true);
    const pacer = new FakePacer();
    const reply = pacer.handle({ op: 'write', bytes: Array.from(lines.join(''), (c) => c.charCodeAt(0)) });
    expect(reply).to.deep.equal({ out: [0x13], later: [0x11], drop: false }, 'echo off: nothing printed but flow control (long lines: XOFF, then XON)');
    expect(pacer.storage.get('pacer.ncmd')).to.equal(bytes);
  });

  it('virtual Storage: chunked writes fill a file made at full size, and never run past its end', () => {
    const s = new VirtualStorage();
    s.write('f', 'ab', 0, 5);
    expect(s.files.get('f')).to.equal('ab\xff\xff\xff');
    s.write('f', 'cde', 2);
    expect(s.files.get('f')).to.equal('abcde');
    expect(() => s.write('f', 'xy', 4)).to.throw(/run past the end of "f" \(5\)/);
    expect(() => s.write('g', 'x', 3)).to.throw(/no file "g" to write at offset 3/);
    expect(() => s.write('h', 'abc', 0, 2)).to.throw(/size 2 is smaller than the data/);
  });

  it('reads the device\'s own error, or quotes what it said instead of JSON', () => {
    expect(deviceError('Uncaught Error: busy: end the session first\r\n at line 1 col 9\r\n')).to.include({ kind: 'device', message: 'The pacer refused: busy: end the session first' });
    expect(deviceError('\xff\xfenoise\r\n')).to.include({ kind: 'garbage', message: 'The device\'s answer was not understood: "??noise". Nothing more was sent.' });
    expect(deviceError('')).to.include({ kind: 'garbage', message: 'The device did not answer. Nothing more was sent.' });
  });

  it('the simulated console waits while brackets are open, as the REPL does', () => {
    expect(openBrackets('print(JSON.stringify(digitalPulse(LED1,1,100);')).to.equal(2);
    expect(openBrackets('f("(", \'[\', `{`) // (')).to.equal(0);
    const pacer = new FakePacer();
    const send = (s: string) => String.fromCharCode(...pacer.handle({ op: 'write', bytes: Array.from(s, (c) => c.charCodeAt(0)) }).out);
    expect(send('\x10print([1,\n')).to.equal('');
    expect(send('2])\n')).to.equal('1,2\r\n');
    expect(send('1+1\n')).to.equal('1+1\r\n=2\r\n>');
    expect(send('\x10nope()\n')).to.equal('Uncaught Error: nope is not defined\r\n');
  });

  it('the wrapper refuses any character but printable ASCII, \\n and \\x10, before anything is sent', async () => {
    expect(() => checkWire('\x10pacer.status()\n')).to.not.throw();
    expect(() => checkWire(' ~')).to.not.throw();
    expect(() => checkWire('{"name":"a \u2022 b"}')).to.throw(LinkError, 'Not sent: character "\u2022" (U+2022) at 11 is not printable ASCII; the Bluetooth link would carry only its low byte (0x22). Nothing was sent.');
    for (const c of ['\r', '\t', '\x00', '\x11', '\x7f', '\x80', '\xff', '\u0100']) expect(() => checkWire(`a${c}`), JSON.stringify(c)).to.throw(LinkError, /is not printable ASCII/);
    // refused before the link is even looked at (not connected would be the other error)
    const link = new EspruinoLink();
    const refused = (p: Promise<unknown>) => p.then(() => null, (e: LinkError) => e.kind);
    expect(await refused(link.evaluate('"\u2022"'))).to.equal('refused');
    expect(await refused(link.send('\x10x="\u2022"\n', '1'))).to.equal('refused');
    expect(await refused(link.evaluate('1'))).to.equal('disconnected');
  });

  it('flow control bytes are dropped from what the device printed', () => {
    expect(stripFlow('\x13\x11{"a":1}\x11\r\n')).to.equal('{"a":1}\r\n');
  });

  it('npm run web --port: a whole number 0..65535', () => {
    expect(parsePort(undefined)).to.equal(8080);
    expect(parsePort('0')).to.equal(0);
    expect(() => parsePort('80x')).to.throw('--port must be a whole number 0..65535 (got 80x)');
    expect(() => parsePort('70000')).to.throw(/got 70000/);
  });
});
