// Whether this build carries phase names and guidance. The build defines
// PACER_TEXTS false for boards with no screen: their bundle keeps ids and
// rhythm only (names and guidance live in the host tools). Elsewhere (Node,
// the browser) it is undefined and the texts are there.
declare const PACER_TEXTS: boolean;
export const TEXTS = typeof PACER_TEXTS === 'undefined' || PACER_TEXTS;
