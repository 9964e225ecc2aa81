/**
 * Draws the app icons (the favicon's "E" on a dark tile) as PNG files in public/icons/, with
 * no image library: shapes are sampled 4×4 per pixel and encoded with node:zlib.
 * Run `npx tsx scripts/make-icons.ts` after changing the design; the PNGs are committed.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateSync } from 'node:zlib';

type Rgb = readonly [number, number, number];
type Point = readonly [number, number];

const BACKGROUND: Rgb = [0x1f, 0x29, 0x37];
const GLYPH: Rgb = [0xf8, 0xfa, 0xfc];
/** The favicon's "E", in its 64×64 design grid. */
const GLYPH_POLYGON: readonly Point[] = [
  [18, 16],
  [46, 16],
  [46, 23],
  [26, 23],
  [26, 29],
  [43, 29],
  [43, 36],
  [26, 36],
  [26, 41],
  [46, 41],
  [46, 48],
  [18, 48],
];
const SAMPLES = 4;

interface IconSpec {
  file: string;
  size: number;
  /** Maskable icons fill the whole square and keep the glyph inside the central safe zone. */
  maskable: boolean;
}

const ICONS: readonly IconSpec[] = [
  { file: 'icon-192.png', size: 192, maskable: false },
  { file: 'icon-512.png', size: 512, maskable: false },
  { file: 'icon-maskable-512.png', size: 512, maskable: true },
  { file: 'apple-touch-icon-180.png', size: 180, maskable: true },
];

function insidePolygon([x, y]: Point, polygon: readonly Point[]): boolean {
  let inside = false;
  for (let i = 0, j = polygon.length - 1; i < polygon.length; j = i++) {
    const [xi, yi] = polygon[i] ?? [0, 0];
    const [xj, yj] = polygon[j] ?? [0, 0];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** Inside a 64×64 square with corner radius `r`. */
function insideRoundedSquare([x, y]: Point, r: number): boolean {
  if (x < 0 || y < 0 || x > 64 || y > 64) return false;
  const cx = Math.min(Math.max(x, r), 64 - r);
  const cy = Math.min(Math.max(y, r), 64 - r);
  return (x - cx) ** 2 + (y - cy) ** 2 <= r * r;
}

/** Colour (with alpha) of the design point `p` in the 64-unit grid. */
function shade(p: Point, maskable: boolean): [number, number, number, number] {
  const tile = maskable || insideRoundedSquare(p, 14);
  if (!tile) return [0, 0, 0, 0];
  const scale = maskable ? 0.72 : 1;
  const g: Point = [32 + (p[0] - 32) / scale, 32 + (p[1] - 32) / scale];
  const colour = insidePolygon(g, GLYPH_POLYGON) ? GLYPH : BACKGROUND;
  return [colour[0], colour[1], colour[2], 255];
}

function render(spec: IconSpec): Buffer {
  const { size } = spec;
  const rows: Buffer[] = [];
  for (let y = 0; y < size; y++) {
    const row = Buffer.alloc(1 + size * 4);
    for (let x = 0; x < size; x++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < SAMPLES; sy++) {
        for (let sx = 0; sx < SAMPLES; sx++) {
          const p: Point = [((x + (sx + 0.5) / SAMPLES) * 64) / size, ((y + (sy + 0.5) / SAMPLES) * 64) / size];
          const [r, g, b, a] = shade(p, spec.maskable);
          sum[0] += r * a;
          sum[1] += g * a;
          sum[2] += b * a;
          sum[3] += a;
        }
      }
      const alpha = (sum[3] ?? 0) / SAMPLES ** 2;
      const offset = 1 + x * 4;
      for (let c = 0; c < 3; c++) row[offset + c] = sum[3] ? Math.round((sum[c] ?? 0) / (sum[3] ?? 1)) : 0;
      row[offset + 3] = Math.round(alpha);
    }
    rows.push(row);
  }
  return encodePng(size, size, Buffer.concat(rows));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(data: Buffer): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff] ?? 0) ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** RGBA 8-bit PNG from scanlines that already carry their filter byte (0 = none). */
function encodePng(width: number, height: number, scanlines: Buffer): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8;
  header[9] = 6;
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const outDir = join(dirname(fileURLToPath(import.meta.url)), '../public/icons');
mkdirSync(outDir, { recursive: true });
for (const spec of ICONS) {
  const png = render(spec);
  writeFileSync(join(outDir, spec.file), png);
  console.log(`${spec.file}: ${spec.size}×${spec.size}, ${png.length} bytes`);
}
