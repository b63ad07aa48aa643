// The App Loader icon, drawn here from a few shapes so that the PNG the
// loaders show and the image the Bangle.js 2 launcher draws are the same
// picture: a drop (the lymph) with a pulse line across it (the pacing).
//
//   iconPng()        48x48 RGBA PNG, anti-aliased (the loaders' "icon")
//   iconImageJs()    the launcher's image as the loaders want it in app-icon.js:
//                    require("heatshrink").decompress(atob("...")), an Espruino
//                    image string (2 bits a pixel, a 4-colour palette, colour 0
//                    transparent), compressed with the heatshrink Espruino uses
//                    (node_modules/espruino/libs/heatshrink.js)
import { deflateSync } from 'zlib';

export const ICON_SIZE = 48;

type Rgb = [number, number, number];

/** What covers a point of the 48x48 picture (pixel centres at x + 0.5): nothing, the drop's rim, its body, or the pulse line. */
export type IconPart = 'none' | 'rim' | 'body' | 'pulse';

const DROP = { cx: 24, cy: 29.5, r: 15.5, tipY: 4 };
const RIM = 2;
/** The pulse line across the drop, as a pacing trace: flat, a beat, flat. */
const PULSE: Array<[number, number]> = [[11, 30], [18, 30], [21, 22], [25, 38], [28.5, 26], [30.5, 30], [37, 30]];
const PULSE_HALF_WIDTH = 1.6;

/** Distance from the drop's outline, negative inside: a circle, and a cone from the tip tangent to it. */
function dropDistance(x: number, y: number): number {
  const { cx, cy, r, tipY } = DROP;
  const circle = Math.hypot(x - cx, y - cy) - r;
  const d = cy - tipY; // tip to centre
  const half = Math.asin(r / d); // the cone's half angle
  // in the cone's frame: along the axis (down from the tip) and across it
  const along = y - tipY;
  const across = Math.abs(x - cx);
  const reach = d * Math.cos(half) ** 2; // where the cone meets the circle, along the axis
  if (along <= 0) return Math.hypot(across, along);
  if (along > reach) return circle;
  const cone = across * Math.cos(half) - along * Math.sin(half);
  return Math.min(circle, cone);
}

function segmentDistance(x: number, y: number, [ax, ay]: [number, number], [bx, by]: [number, number]): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(x - ax - t * dx, y - ay - t * dy);
}

export function partAt(x: number, y: number): IconPart {
  const drop = dropDistance(x, y);
  if (drop > 0) return 'none';
  let pulse = Infinity;
  for (let i = 1; i < PULSE.length; i++) pulse = Math.min(pulse, segmentDistance(x, y, PULSE[i - 1], PULSE[i]));
  if (pulse <= PULSE_HALF_WIDTH) return 'pulse';
  return drop > -RIM ? 'rim' : 'body';
}

const PNG_COLOURS: Record<Exclude<IconPart, 'none'>, Rgb> = { rim: [13, 71, 161], body: [30, 136, 229], pulse: [255, 255, 255] };

/** RGBA pixels of the picture, each the mean of 4x4 samples (anti-aliased edges). */
export function iconRgba(size = ICON_SIZE): Uint8Array {
  const px = new Uint8Array(size * size * 4);
  const n = 4;
  const scale = ICON_SIZE / size;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      for (let sy = 0; sy < n; sy++) {
        for (let sx = 0; sx < n; sx++) {
          const part = partAt((x + (sx + 0.5) / n) * scale, (y + (sy + 0.5) / n) * scale);
          if (part === 'none') continue;
          const c = PNG_COLOURS[part];
          r += c[0];
          g += c[1];
          b += c[2];
          a += 1;
        }
      }
      const i = (y * size + x) * 4;
      if (a) {
        px[i] = Math.round(r / a);
        px[i + 1] = Math.round(g / a);
        px[i + 2] = Math.round(b / a);
      }
      px[i + 3] = Math.round((a / (n * n)) * 255);
    }
  }
  return px;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32(buf: Buffer): number {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGBA image as a PNG file (8 bits a channel, no filtering). */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bits per channel
  ihdr[9] = 6; // RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]);
}

export function iconPng(): Buffer {
  return encodePng(ICON_SIZE, ICON_SIZE, iconRgba());
}

/**
 * The launcher's palette: colour 0 is transparent; the others are what the Bangle.js 2's 3-bit
 * display shows exactly (pure blue, black, white), so nothing is dithered away.
 */
export const IMAGE_PALETTE: Rgb[] = [[0, 0, 0], [0, 0, 255], [0, 0, 0], [255, 255, 255]];
const IMAGE_INDEX: Record<IconPart, number> = { none: 0, body: 1, rim: 2, pulse: 3 };

const rgb565 = ([r, g, b]: Rgb) => ((r >> 3) << 11) | ((g >> 2) << 5) | (b >> 3);

/**
 * The picture as an Espruino image string (Graphics.drawImage's format, as the Espruino image
 * converter writes it): width, height, bits a pixel + 128 (a transparent colour follows) + 64 (a
 * palette follows), the transparent colour, the palette (RGB565, little-endian), then the pixels
 * packed most significant bits first. One sample a pixel, at its centre: no blending in 4 colours.
 */
export function iconImage(): Buffer {
  const bpp = 2;
  const header = [ICON_SIZE, ICON_SIZE, bpp + 128 + 64, 0];
  for (const c of IMAGE_PALETTE) header.push(rgb565(c) & 255, rgb565(c) >> 8);
  const data = Buffer.alloc((ICON_SIZE * ICON_SIZE * bpp) / 8);
  for (let y = 0; y < ICON_SIZE; y++) {
    for (let x = 0; x < ICON_SIZE; x++) {
      const n = y * ICON_SIZE + x;
      data[n >> 2] |= IMAGE_INDEX[partAt(x + 0.5, y + 0.5)] << ((3 - (n & 3)) * 2);
    }
  }
  return Buffer.concat([Buffer.from(header), data]);
}

interface Heatshrink {
  compress(a: Uint8Array): Uint8Array;
  decompress(a: Uint8Array): Uint8Array;
}
/** The heatshrink the espruino tool carries: Espruino's own compressor, compiled to JavaScript. */
export function heatshrink(): Heatshrink {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('espruino/libs/heatshrink.js') as Heatshrink;
}

/** app-icon.js: the expression the loaders evaluate on the device into the launcher's image (no trailing semicolon). */
export function iconImageJs(): string {
  const packed = Buffer.from(heatshrink().compress(new Uint8Array(iconImage())));
  return `require("heatshrink").decompress(atob("${packed.toString('base64')}"))`;
}

/** The image an app-icon.js expression makes: for the tests and for looking at it. */
export function decodeIconJs(js: string): Buffer {
  const m = /^require\("heatshrink"\)\.decompress\(atob\("([^"]*)"\)\)$/.exec(js.trim());
  if (!m) throw new Error('not require("heatshrink").decompress(atob("..."))');
  return Buffer.from(heatshrink().decompress(new Uint8Array(Buffer.from(m[1], 'base64'))));
}

/** An Espruino image string (as iconImage makes them: palette and transparency) back to RGBA, to look at. */
export function imageToRgba(img: Buffer): { width: number; height: number; rgba: Uint8Array } {
  const [width, height, flags] = img;
  const bpp = flags & 63;
  let at = 3;
  const transparent = flags & 128 ? img[at++] : -1;
  const palette: Rgb[] = [];
  if (flags & 64) {
    for (let i = 0; i < 1 << bpp; i++, at += 2) {
      const v = img[at] | (img[at + 1] << 8);
      palette.push([((v >> 11) & 31) << 3, ((v >> 5) & 63) << 2, (v & 31) << 3]);
    }
  }
  const rgba = new Uint8Array(width * height * 4);
  for (let n = 0; n < width * height; n++) {
    const bit = n * bpp;
    const c = (img[at + (bit >> 3)] >> (8 - bpp - (bit & 7))) & ((1 << bpp) - 1);
    if (c === transparent) continue;
    const [r, g, b] = palette[c] ?? [c ? 255 : 0, c ? 255 : 0, c ? 255 : 0];
    rgba.set([r, g, b, 255], n * 4);
  }
  return { width, height, rgba };
}
