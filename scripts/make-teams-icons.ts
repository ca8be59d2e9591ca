// Draws the Teams app icons with pngjs (no binary tools needed):
//   manifest/teams/color.png   192×192, full colour: a teal tile with a white tick in a ring
//   manifest/teams/outline.png  32×32, white on transparent (Teams' rule for outline icons)
// Run: node bin/run-ts.js scripts/make-teams-icons.ts   (the PNGs are committed)
import fs from 'node:fs';
import path from 'node:path';
import { PNG } from 'pngjs';

type RGBA = [number, number, number, number];

function draw(size: number, pixel: (x: number, y: number) => RGBA): PNG {
  const png = new PNG({ width: size, height: size });
  // 4×4 supersampling for smooth edges.
  const S = 4;
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      const acc = [0, 0, 0, 0];
      for (let sy = 0; sy < S; sy++) {
        for (let sx = 0; sx < S; sx++) {
          const p = pixel((x + (sx + 0.5) / S) / size, (y + (sy + 0.5) / S) / size);
          acc[0]! += p[0] * p[3]; acc[1]! += p[1] * p[3]; acc[2]! += p[2] * p[3]; acc[3]! += p[3];
        }
      }
      const i = (y * size + x) * 4;
      const a = acc[3]! / (S * S);
      png.data[i] = a ? Math.round(acc[0]! / acc[3]!) : 0;
      png.data[i + 1] = a ? Math.round(acc[1]! / acc[3]!) : 0;
      png.data[i + 2] = a ? Math.round(acc[2]! / acc[3]!) : 0;
      png.data[i + 3] = Math.round(a);
    }
  }
  return png;
}

/** Distance from point p to segment ab (all in unit coordinates). */
function segDist(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax, dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

const tick = (x: number, y: number, w: number) =>
  segDist(x, y, 0.32, 0.52, 0.45, 0.65) < w || segDist(x, y, 0.45, 0.65, 0.7, 0.38) < w;
const ring = (x: number, y: number, r: number, w: number) => Math.abs(Math.hypot(x - 0.5, y - 0.5) - r) < w;

const TEAL: RGBA = [0, 120, 122, 255];
const WHITE: RGBA = [255, 255, 255, 255];
const CLEAR: RGBA = [255, 255, 255, 0];

const color = draw(192, (x, y) => {
  // Rounded tile filling the icon (Teams crops to its own shape; keep the art centred).
  const inTile = Math.max(Math.abs(x - 0.5) - 0.38, 0) ** 2 + Math.max(Math.abs(y - 0.5) - 0.38, 0) ** 2 < 0.12 ** 2;
  if (!inTile) return CLEAR;
  if (tick(x, y, 0.045) || ring(x, y, 0.3, 0.025)) return WHITE;
  return TEAL;
});

const outline = draw(32, (x, y) => (tick(x, y, 0.07) || ring(x, y, 0.4, 0.05) ? WHITE : CLEAR));

const dir = path.resolve(import.meta.dirname, '../manifest/teams');
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'color.png'), PNG.sync.write(color));
fs.writeFileSync(path.join(dir, 'outline.png'), PNG.sync.write(outline));
process.stdout.write(`wrote ${path.join(dir, 'color.png')} (192×192) and outline.png (32×32)\n`);
