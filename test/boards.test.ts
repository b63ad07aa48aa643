// The board cards (boards/<id>.ts): one per board, every fact about it there,
// and the rules the cards must keep between them.
import { expect } from 'chai';
import { readFileSync } from 'fs';
import * as path from 'path';
import { BOARDS, CARDS } from '../boards';
import { bundlePath } from '../common/dist';
import { boardDefines } from '../scripts/board-defines';
import { planFor } from '../sim/fuzz/plan';

const ROOT = path.join(__dirname, '..');

describe('boards: one card each', () => {
  it('each card is filed under its own id', () => {
    for (const id of BOARDS) expect(CARDS[id].id).to.equal(id);
  });

  it('every board leaves at least the Puck.js\'s headroom (issue #11\'s budgets) in its pool beside its own system', () => {
    const puck = CARDS.puck.jsvars;
    for (const id of BOARDS) {
      const j = CARDS[id].jsvars;
      const room = j.pool - j.system;
      expect(room - j.held, `${id}: free after boot`).to.be.at.least(puck.pool - puck.held);
      expect(room - j.peak, `${id}: free at the peak`).to.be.at.least(puck.pool - puck.peak);
    }
  });

  it('the firmware drives only pins its board\'s interpreter has, and the ones the virtual board watches', () => {
    for (const id of BOARDS) {
      const { firmware: f, hardware: h } = CARDS[id];
      for (const pin of [f.btn, f.led, f.red, f.motorPin]) if (pin !== null) expect(h.pins, `${id}: ${pin}`).to.include(pin);
      expect([f.led, f.red, f.motorPin, f.btn], id).to.deep.equal([h.ledPin, h.redPin, h.motorPin, h.btnPin]);
    }
  });

  it('the device bundle gets the card\'s firmware part only: no name, console name or budget in it', () => {
    for (const id of BOARDS) {
      const c = CARDS[id];
      const code = readFileSync(path.join(ROOT, bundlePath(id)), 'utf8');
      const d = boardDefines(c.firmware);
      for (const pin of [d.BOARD_BTN, d.BOARD_MOTOR]) expect(code, `${id}: ${pin}`).to.match(new RegExp(`\\b${pin}\\b`));
      expect(code).to.not.include(c.name);
      expect(code).to.not.include(c.consoleName);
      expect(code).to.not.include(c.power.note);
    }
  });

  it('the fuzzer draws each board as often as its weight says (seeds 1..600)', () => {
    const total = BOARDS.reduce((n, b) => n + CARDS[b].fuzzWeight, 0);
    const drawn: Record<string, number> = {};
    for (let seed = 1; seed <= 600; seed++) drawn[planFor(seed).board] = (drawn[planFor(seed).board] ?? 0) + 1;
    for (const b of BOARDS) expect(drawn[b] / 600, b).to.be.closeTo(CARDS[b].fuzzWeight / total, 0.06);
  });
});
