import { deflateSync } from 'node:zlib';

/**
 * The demo catalogue's product pictures: small PNGs drawn here and kept as `data:` URLs. The demo
 * runs without network, so pictures on an image host could not be read; a marketplace that
 * takes the bytes of every picture (AliExpress's photo bank) reads these from the URL itself,
 * whatever the host, port or start, and a browser shows them as they are. Each is a swatch of
 * the product's first colour with a band whose place tells the views apart (front, detail, worn).
 */

/** The colours of the demo's colour codes (demo-catalog.ts COLOURS), as RGB. */
const RGB: Record<string, [number, number, number]> = {
  BLK: [28, 28, 30], NVY: [31, 42, 68], GRY: [128, 128, 128], CHR: [54, 69, 79],
  WHT: [245, 245, 242], LBL: [173, 206, 230], PNK: [244, 194, 204], KHK: [195, 176, 145],
  CML: [193, 154, 107], BUR: [128, 0, 32], IVR: [250, 246, 232], BRN: [110, 74, 48],
  IND: [46, 58, 135], OLV: [107, 111, 64], FLR: [224, 150, 170], STR: [90, 110, 150],
};

const SIZE = 32;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
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

/** A PNG (8-bit RGB) of `size`² pixels, each from `pixel(x, y)`. */
export function png(size: number, pixel: (x: number, y: number) => [number, number, number]): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bit depth
  header[9] = 2; // colour type: RGB
  const rows: number[] = [];
  for (let y = 0; y < size; y++) {
    rows.push(0); // filter: none
    for (let x = 0; x < size; x++) rows.push(...pixel(x, y));
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from(rows), { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A lighter (or, for pale colours, darker) shade: the band. */
function shade([r, g, b]: [number, number, number]): [number, number, number] {
  const pale = r + g + b > 600;
  const f = (v: number) => (pale ? Math.round(v * 0.8) : Math.round(v + (255 - v) * 0.45));
  return [f(r), f(g), f(b)];
}

/** The demo picture of a product in colour `colourCode`, view `view` (0, 1, 2), as a data: URL. */
export function demoImageUrl(colourCode: string, view: number): string {
  const base = RGB[colourCode] ?? RGB.GRY;
  const band = shade(base);
  const top = Math.round(((view % 3) * SIZE) / 3);
  const image = png(SIZE, (_x, y) => (y >= top && y < top + SIZE / 4 ? band : base));
  return `data:image/png;base64,${image.toString('base64')}`;
}
