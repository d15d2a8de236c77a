// Draws build/icon.png, the app icon of the installers: a white tent with a flag on a teal tile.
// Run `node scripts/electron-icon.mjs` after changing the drawing; the PNG is committed.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { deflateSync } from 'node:zlib';
import { projectRoot } from './electron-runtime.mjs';

const SIZE = 512;
const SAMPLES = 4; // per axis: 16 samples a pixel smooth the edges
const TEAL = [15, 118, 110];
const WHITE = [255, 255, 255];
const AMBER = [245, 158, 11];

/** Whether the point lies inside the triangle a-b-c. */
function inTriangle([px, py], [ax, ay], [bx, by], [cx, cy]) {
  const d1 = (px - bx) * (ay - by) - (ax - bx) * (py - by);
  const d2 = (px - cx) * (by - cy) - (bx - cx) * (py - cy);
  const d3 = (px - ax) * (cy - ay) - (cx - ax) * (py - ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

/** The colour at a point in a 1×1 square, or undefined outside the rounded tile. */
function colourAt(x, y) {
  const r = 0.18;
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return undefined;
  if (x > 0.495 && x < 0.515 && y > 0.16 && y < 0.3) return WHITE; // flag pole
  if (inTriangle([x, y], [0.515, 0.16], [0.515, 0.25], [0.66, 0.205])) return AMBER; // flag
  const tent = inTriangle([x, y], [0.5, 0.28], [0.16, 0.8], [0.84, 0.8]);
  const door = inTriangle([x, y], [0.5, 0.5], [0.4, 0.8], [0.6, 0.8]);
  if (tent && !door) return WHITE;
  if (y > 0.8 && y < 0.83 && x > 0.12 && x < 0.88) return WHITE; // ground
  return TEAL;
}

/** RGBA rows, each prefixed by PNG filter byte 0. */
function pixels() {
  const rows = Buffer.alloc(SIZE * (SIZE * 4 + 1));
  for (let py = 0; py < SIZE; py++) {
    for (let px = 0; px < SIZE; px++) {
      let [r, g, b, a] = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const colour = colourAt((px + (sx + 0.5) / SAMPLES) / SIZE, (py + (sy + 0.5) / SAMPLES) / SIZE);
          if (!colour) continue;
          r += colour[0];
          g += colour[1];
          b += colour[2];
          a += 1;
        }
      }
      const offset = py * (SIZE * 4 + 1) + 1 + px * 4;
      rows[offset] = a ? Math.round(r / a) : 0;
      rows[offset + 1] = a ? Math.round(g / a) : 0;
      rows[offset + 2] = a ? Math.round(b / a) : 0;
      rows[offset + 3] = Math.round((255 * a) / SAMPLES ** 2);
    }
  }
  return rows;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(buffer) {
  let c = 0xffffffff;
  for (const byte of buffer) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** The icon as PNG bytes: 512×512, 8-bit RGBA. */
export function iconPng() {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(SIZE, 0);
  header.writeUInt32BE(SIZE, 4);
  header.set([8, 6, 0, 0, 0], 8); // bit depth 8, colour type RGBA, default compression/filter/interlace
  return Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header), chunk('IDAT', deflateSync(pixels(), { level: 9 })), chunk('IEND', Buffer.alloc(0))]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  mkdirSync(join(projectRoot, 'build'), { recursive: true });
  writeFileSync(join(projectRoot, 'build', 'icon.png'), iconPng());
  console.log('wrote build/icon.png');
}
