// A 32-bit string hash (31-multiplier, like Java's): enough to tell a torn or
// corrupted Storage file from a whole one. Not a defence against tampering.
export function checksum(text: string): number {
  let h = 7;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) | 0;
  return h;
}
