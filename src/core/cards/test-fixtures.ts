/**
 * Builders for the card files the tests use. Only tests import this file; it writes PNG
 * bytes by hand (independently of the module's writer) so the reader is checked against them.
 */
import { crc32 } from './crc32.ts';
import { zlibStore } from './placeholder-png.ts';

const SIGNATURE = [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a];

function u32(value: number): number[] {
  return [(value >>> 24) & 0xff, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff];
}

function ascii(text: string): number[] {
  return [...text].map((c) => c.charCodeAt(0) & 0xff);
}

/** One chunk's bytes: length, type, data, CRC (or `crc` to write a wrong one on purpose). */
export function rawChunk(type: string, data: Uint8Array | number[], crc?: number): Uint8Array {
  const body = new Uint8Array([...ascii(type), ...data]);
  return new Uint8Array([...u32(body.length - 4), ...body, ...u32(crc ?? crc32(body))]);
}

/** A `tEXt` chunk: Latin-1 keyword, NUL, text. */
export function tEXt(keyword: string, text: string): Uint8Array {
  return rawChunk('tEXt', [...ascii(keyword), 0, ...ascii(text)]);
}

/** An uncompressed `iTXt` chunk with a UTF-8 text. */
export function iTXt(keyword: string, text: string): Uint8Array {
  return rawChunk('iTXt', [...ascii(keyword), 0, 0, 0, ...ascii('en'), 0, 0, ...new TextEncoder().encode(text)]);
}

/** A `zTXt` chunk with already-compressed data. */
export function zTXt(keyword: string, compressed: Uint8Array): Uint8Array {
  return rawChunk('zTXt', [...ascii(keyword), 0, 0, ...compressed]);
}

/** Joins the PNG signature and chunks. */
export function pngFile(...chunks: Uint8Array[]): Uint8Array {
  const size = chunks.reduce((n, c) => n + c.length, SIGNATURE.length);
  const out = new Uint8Array(size);
  out.set(SIGNATURE, 0);
  let at = SIGNATURE.length;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** IHDR + IDAT of a 1×1 RGB pixel. */
export function imageChunks(rgb: [number, number, number] = [200, 40, 90]): Uint8Array[] {
  const ihdr = [...u32(1), ...u32(1), 8, 2, 0, 0, 0];
  return [rawChunk('IHDR', ihdr), rawChunk('IDAT', zlibStore(new Uint8Array([0, ...rgb])))];
}

/** The IEND chunk. */
export function iend(): Uint8Array {
  return rawChunk('IEND', []);
}

/** A valid 1×1 PNG with `extra` chunks placed between the image data and IEND. */
export function cardPng(...extra: Uint8Array[]): Uint8Array {
  return pngFile(...imageChunks(), ...extra, iend());
}

/** A V2 card with Chinese text, a lore book and unknown fields. */
export function sampleV2Card(): Record<string, unknown> {
  return {
    spec: 'chara_card_v2',
    spec_version: '2.0',
    data: {
      name: '林黛玉',
      description: '林黛玉，金陵十二钗之首，才情出众，多愁善感。',
      personality: '敏感、聪慧、孤高',
      scenario: '大观园，潇湘馆。',
      first_mes: '*放下书卷* 你来了？',
      mes_example: '<START>\n{{user}}: 你好。\n{{char}}: 「你好。」',
      creator_notes: 'Best with a slow pace.',
      system_prompt: '',
      post_history_instructions: 'Stay in character.',
      alternate_greetings: ['*咳嗽* 又是你。', '今日花开得好。'],
      tags: ['红楼梦', 'classic'],
      creator: 'tester',
      character_version: '1.2',
      extensions: { talkativeness: '0.5', depth_prompt: { prompt: 'x', depth: 4 } },
      character_book: {
        name: '大观园',
        scan_depth: 2,
        extensions: {},
        entries: [
          {
            id: 1,
            keys: ['宝玉', 'Baoyu'],
            secondary_keys: ['通灵'],
            selective: true,
            content: '贾宝玉，黛玉的表兄。',
            enabled: true,
            constant: false,
            case_sensitive: false,
            insertion_order: 10,
            priority: 5,
            comment: 'cousin',
            position: 'before_char',
            extensions: { weight: 3 },
          },
          { keys: ['葬花'], content: '黛玉葬花。', enabled: false, insertion_order: 20, extensions: {} },
        ],
      },
      x_custom_field: { nested: [1, 'two'] },
    },
  };
}

/** A V3 card with V3-only fields. */
export function sampleV3Card(): Record<string, unknown> {
  const v2 = sampleV2Card();
  const data = { ...(v2.data as Record<string, unknown>) };
  return {
    spec: 'chara_card_v3',
    spec_version: '3.0',
    data: {
      ...data,
      name: 'Lin Daiyu',
      nickname: '颦儿',
      creator_notes_multilingual: { en: 'Notes', zh: '备注' },
      source: ['https://example.org/card/1'],
      group_only_greetings: ['大家好。'],
      creation_date: 1700000000,
      modification_date: 1700000100,
      assets: [{ type: 'icon', uri: 'ccdefault:', name: 'main', ext: 'png' }],
    },
  };
}

/** UTF-8 bytes of `value` as JSON. */
export function jsonBytes(value: unknown): Uint8Array {
  return new TextEncoder().encode(JSON.stringify(value));
}
