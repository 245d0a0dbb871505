// Draws media/icon.png (128×128): a lens over a small mesh of nodes. Run once; the PNG is committed.
import { deflateSync } from 'node:zlib';
import { writeFileSync } from 'node:fs';

const N = 128, px = Buffer.alloc(N * N * 4);
const blend = (x, y, [r, g, b], a) => {
  if (x < 0 || y < 0 || x >= N || y >= N || a <= 0) return;
  const i = (y * N + x) * 4, A = Math.min(1, a), o = px[i + 3] / 255, na = A + o * (1 - A);
  for (const [k, c] of [[0, r], [1, g], [2, b]]) px[i + k] = Math.round((c * A + px[i + k] * o * (1 - A)) / (na || 1));
  px[i + 3] = Math.round(na * 255);
};
const disc = (cx, cy, r, col, ring = 0) => {
  for (let y = Math.floor(cy - r - 1); y <= cy + r + 1; y++) for (let x = Math.floor(cx - r - 1); x <= cx + r + 1; x++) {
    const d = Math.hypot(x + 0.5 - cx, y + 0.5 - cy);
    const a = ring ? Math.min(Math.max(0, r - d + 0.5), Math.max(0, d - (r - ring) + 0.5), 1) : Math.max(0, Math.min(1, r - d + 0.5));
    blend(x, y, col, a);
  }
};
const line = (x0, y0, x1, y1, w, col) => {
  const len = Math.hypot(x1 - x0, y1 - y0);
  for (let y = Math.floor(Math.min(y0, y1) - w); y <= Math.max(y0, y1) + w; y++) for (let x = Math.floor(Math.min(x0, x1) - w); x <= Math.max(x0, x1) + w; x++) {
    const t = Math.max(0, Math.min(1, ((x + 0.5 - x0) * (x1 - x0) + (y + 0.5 - y0) * (y1 - y0)) / (len * len)));
    const d = Math.hypot(x + 0.5 - (x0 + t * (x1 - x0)), y + 0.5 - (y0 + t * (y1 - y0)));
    blend(x, y, col, Math.max(0, Math.min(1, w / 2 - d + 0.5)));
  }
};
disc(64, 64, 63, [24, 42, 74]);
const nodes = [[36, 40], [70, 30], [52, 66], [86, 60], [40, 92], [78, 94]];
const edges = [[0, 1], [0, 2], [1, 2], [1, 3], [2, 3], [2, 4], [3, 5], [4, 5], [2, 5]];
for (const [a, b] of edges) line(...nodes[a], ...nodes[b], 3, [90, 170, 230]);
for (const [x, y] of nodes) disc(x, y, 7, [140, 215, 255]);
disc(70, 62, 30, [255, 200, 60], 7);          // lens ring
line(92, 84, 112, 106, 12, [255, 200, 60]);  // handle

const raw = Buffer.alloc(N * (N * 4 + 1));
for (let y = 0; y < N; y++) px.copy(raw, y * (N * 4 + 1) + 1, y * N * 4, (y + 1) * N * 4);
const crc = b => { let c, t = []; for (let n = 0; n < 256; n++) { c = n; for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1; t[n] = c >>> 0; } let r = 0xffffffff; for (const x of b) r = t[(r ^ x) & 255] ^ (r >>> 8); return (r ^ 0xffffffff) >>> 0; };
const chunk = (type, data) => { const len = Buffer.alloc(4); len.writeUInt32BE(data.length); const td = Buffer.concat([Buffer.from(type), data]); const c = Buffer.alloc(4); c.writeUInt32BE(crc(td)); return Buffer.concat([len, td, c]); };
const ihdr = Buffer.alloc(13); ihdr.writeUInt32BE(N, 0); ihdr.writeUInt32BE(N, 4); ihdr[8] = 8; ihdr[9] = 6;
writeFileSync(new URL('../media/icon.png', import.meta.url), Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw)), chunk('IEND', Buffer.alloc(0))]));
