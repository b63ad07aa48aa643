// A 32-bit string hash (31-multiplier, like Java's): enough to tell a torn or
// corrupted Storage file from a whole one. Not a defence against tampering.
export function checksum(text: string): number {
  return checksumOn(7, text, text.length);
}

/**
 * The hash of `text`'s first `end` characters, going on from `h` (7 to start): a text in pieces
 * hashes as if joined, and a text is hashed where it lies (a slice would be a copy).
 */
export function checksumOn(h: number, text: string, end: number): number {
  for (let i = 0; i < end; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h;
}
