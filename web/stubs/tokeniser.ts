// The espruino tool's tokeniser is Node-only (it reads its plugin from node_modules).
// In the browser the virtual pacer's Storage keeps the modules as plain text, so the
// virtual Espruino's eval never meets pretokenised code; if it did, it says so.
export function readBack(): never {
  throw new Error('pretokenised code cannot be read back in the browser');
}
