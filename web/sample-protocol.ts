// The README's custom protocol example ("Custom protocol JSON"): the page's
// starting point to edit, and what the tests push through each page.
export const SAMPLE_PROTOCOL = {
  id: 'short-neck',
  name: 'Short neck',
  phases: [
    { id: 'venous-angle', name: 'Venous angle', guide: 'Two fingers, very light', targetMs: 30000 },
    { id: 'side-of-neck', name: 'Side of the neck', guide: 'Light, downward', pumps: 10, ppm: 50, pushMs: 500 },
    { id: 'close', name: 'Close', guide: 'Back to the venous angle', pumps: 15 },
  ],
};
