// The built-in protocols. head-drainage (the seed, the default) is in the
// resident firmware; the others are made here, one at a time, for
// pacer.protocol('<id>') (the Storage module pacer.lib) and the host tools.
import { HEAD_DRAINAGE, phase } from './protocol';
import { TEXTS } from './texts';
import { Protocol } from './types';

// A longer head and neck sequence, in the published order (Barnhart et al.
// 2024, npj Microgravity 10:93, Table 8, in ../shared/reference/mld-pacing.md):
// venous angle x10; neck stretch x10; above the clavicle x5; side of the neck
// x5; shoulder collectors x5 + 5; in front of and behind the ear x5; side of
// the neck x5; and, by the order rule (finish on the terminus), back to the
// venous angle. Every step is counted: it ends by itself.
function headNeck(): Protocol {
  return {
  id: 'head-neck',
  name: TEXTS ? 'Head and neck' : '',
  phases: [
    phase('venous-angle', TEXTS ? 'Venous angle' : '', TEXTS ? 'Two fingers above the collarbone, very light, toward the heart' : '', 0, 10),
    phase('neck-stretch', TEXTS ? 'Neck stretch' : '', TEXTS ? 'Flat hands on the neck, stretch the skin gently down and back' : '', 0, 10),
    phase('above-clavicle', TEXTS ? 'Above the clavicle' : '', TEXTS ? 'Fingers in the hollow above the collarbone, light pumps inward' : '', 0, 5),
    phase('side-of-neck', TEXTS ? 'Side of the neck' : '', TEXTS ? 'Below the ear to the collarbone, light, downward; arteries here' : '', 0, 5),
    phase('shoulder-collectors', TEXTS ? 'Shoulder collectors' : '', TEXTS ? 'Top of the shoulder toward the neck, first set' : '', 0, 5),
    phase('shoulder-collectors-2', TEXTS ? 'Shoulder collectors, 2' : '', TEXTS ? 'Top of the shoulder toward the neck, second set' : '', 0, 5),
    phase('pre-auricular', TEXTS ? 'In front of the ear' : '', TEXTS ? 'Two fingers in front of the ear, light, downward' : '', 0, 5),
    phase('post-auricular', TEXTS ? 'Behind the ear' : '', TEXTS ? 'Two fingers behind the ear, light, downward' : '', 0, 5),
    phase('side-of-neck-2', TEXTS ? 'Side of the neck, again' : '', TEXTS ? 'Below the ear to the collarbone, light, downward' : '', 0, 5),
    phase('venous-angle-close', TEXTS ? 'Venous angle, close' : '', TEXTS ? 'End where it drains: venous angle, very light' : '', 0, 10),
  ],
  };
}

/** The built-ins besides the resident default, by id, comma separated (for the device's error message). */
export const LIBRARY_IDS = 'head-neck';

/** A built-in besides the resident default, made fresh (the device builds only the one asked for); undefined for another id. */
export function libraryProtocol(id: string): Protocol | undefined {
  return id === 'head-neck' ? headNeck() : undefined;
}

export const HEAD_NECK: Protocol = /* @__PURE__ */ headNeck();

/** Every built-in, by id, for host tools. */
export const PROTOCOLS: { [id: string]: Protocol } = { 'head-drainage': HEAD_DRAINAGE, 'head-neck': HEAD_NECK };
