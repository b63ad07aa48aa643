// Phase names and guidance on a board with no screen: nobody reads them there,
// and in RAM each phase's would hold about 5 JsVars. A protocol the board
// runs loses them (its Storage file keeps them); of its positions only their
// number is kept.
import { Protocol } from './core/types';

export function dropTexts(p: Protocol) {
  const x = p as unknown as { [k: string]: unknown };
  delete x.name;
  for (let i = 0; i < p.phases.length; i++) {
    const f = p.phases[i] as unknown as { name?: string; guide?: string; positions?: string[] };
    delete f.name;
    delete f.guide;
    // the position cue needs only how many there are: an empty array of that length is 1 JsVar
    if (f.positions) f.positions = new Array(f.positions.length);
  }
}
