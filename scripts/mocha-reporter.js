// mocha's dot reporter plus one plain closing line, "N passed, N failed",
// that any reader of the log (CI included) understands.
const Mocha = require('mocha');

class DotWithTotals extends Mocha.reporters.Dot {
  constructor(runner, options) {
    super(runner, options);
    runner.once('end', () => {
      const s = this.stats;
      console.log(`${s.passes} passed, ${s.failures} failed${s.pending ? `, ${s.pending} skipped` : ''}`);
    });
  }
}

module.exports = DotWithTotals;
