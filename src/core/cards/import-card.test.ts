import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { ValidationError } from '../errors/index.ts';
import { english } from '../i18n/message.ts';
import { importCard } from './import-card.ts';
import { readPngChunks } from './png-chunks.ts';
import { cardPng, iTXt, jsonBytes, rawChunk, sampleV2Card, sampleV3Card, tEXt, zTXt } from './test-fixtures.ts';

const b64 = (value: unknown): string => Buffer.from(JSON.stringify(value), 'utf8').toString('base64');

function importError(bytes: Uint8Array, fileName = 'card.png'): ValidationError {
  try {
    importCard(bytes, fileName);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected importCard to throw');
}

describe('importCard from JSON', () => {
  it('reads a V1 flat card', () => {
    const v1 = {
      name: 'Aria',
      description: 'A bard.',
      personality: 'cheerful',
      scenario: 'A tavern.',
      first_mes: 'Hi!',
      mes_example: 'Aria: "La la."',
      chat: 'x',
    };
    const { persona, warnings } = importCard(jsonBytes(v1), 'aria.json');
    expect(persona).toMatchObject({
      name: 'Aria',
      description: 'A bard.',
      behaviours: { personality: 'cheerful' },
      scenario: 'A tavern.',
      greeting: 'Hi!',
      sampleDialogues: 'Aria: "La la."',
      language: 'en',
      card: { spec: 'chara_card_v1', specVersion: '1.0', unknownFields: { chat: 'x' }, extensions: {} },
    });
    expect(persona.avatar).toBeUndefined();
    expect(warnings).toEqual([]);
  });

  it('maps every V2 field, CJK text, lore and unknown fields', () => {
    const { persona } = importCard(jsonBytes(sampleV2Card()), 'daiyu.json');
    expect(persona).toMatchObject({
      name: '林黛玉',
      language: 'zh',
      description: '林黛玉，金陵十二钗之首，才情出众，多愁善感。',
      behaviours: { personality: '敏感、聪慧、孤高' },
      scenario: '大观园，潇湘馆。',
      greeting: '*放下书卷* 你来了？',
      alternateGreetings: ['*咳嗽* 又是你。', '今日花开得好。'],
      sampleDialogues: '<START>\n{{user}}: 你好。\n{{char}}: 「你好。」',
      systemPrompt: '',
      postHistoryInstructions: 'Stay in character.',
      tags: ['红楼梦', 'classic'],
      creator: 'tester',
      creatorNotes: 'Best with a slow pace.',
    });
    expect(persona.card).toEqual({
      spec: 'chara_card_v2',
      specVersion: '2.0',
      unknownFields: { character_version: '1.2', x_custom_field: { nested: [1, 'two'] } },
      extensions: { talkativeness: '0.5', depth_prompt: { prompt: 'x', depth: 4 } },
      bookExtra: { name: '大观园', scan_depth: 2 },
    });
    expect(persona.lore).toEqual([
      {
        id: '1',
        keys: ['宝玉', 'Baoyu'],
        secondaryKeys: ['通灵'],
        selective: true,
        content: '贾宝玉，黛玉的表兄。',
        enabled: true,
        constant: false,
        caseSensitive: false,
        insertionOrder: 10,
        priority: 5,
        comment: 'cousin',
        position: 'before-character',
        extra: { id: 1, extensions: { weight: 3 } },
      },
      expect.objectContaining({ keys: ['葬花'], content: '黛玉葬花。', enabled: false, insertionOrder: 20, selective: false, extra: {} }),
    ]);
    expect(persona.lore?.[1]?.id).toMatch(/.+/);
  });

  it('reads V3 fields into unknownFields and keeps them verbatim', () => {
    const { persona, warnings } = importCard(jsonBytes(sampleV3Card()), 'lin.json');
    expect(persona.name).toBe('Lin Daiyu');
    expect(persona.card?.spec).toBe('chara_card_v3');
    expect(persona.card?.unknownFields).toMatchObject({
      nickname: '颦儿',
      creator_notes_multilingual: { en: 'Notes', zh: '备注' },
      source: ['https://example.org/card/1'],
      group_only_greetings: ['大家好。'],
      creation_date: 1700000000,
      assets: [{ type: 'icon', uri: 'ccdefault:', name: 'main', ext: 'png' }],
    });
    expect(warnings).toEqual([]);
  });

  it('chooses the parser by spec: a V2 object stays V2 whatever the chunk or file name', () => {
    const png = cardPng(tEXt('ccv3', b64(sampleV2Card())));
    expect(importCard(png, 'x.png').persona.card?.spec).toBe('chara_card_v2');
  });

  it('accepts a UTF-8 BOM and leading whitespace, and ignores the file name', () => {
    const bytes = new Uint8Array([0xef, 0xbb, 0xbf, 0x0a, 0x20, ...jsonBytes(sampleV2Card())]);
    expect(importCard(bytes, 'weird-name.png').persona.name).toBe('林黛玉');
  });

  it('uses the file name when the card has no name, with a warning', () => {
    const { persona, warnings } = importCard(jsonBytes({ spec: 'chara_card_v2', data: { description: 'd' } }), 'dir/Mystery Guest.json');
    expect(persona.name).toBe('Mystery Guest');
    expect(warnings.map(english)[0]).toContain('Mystery Guest');
    expect(inChinese(warnings[0])).toContain('“Mystery Guest”');
  });

  it('warns about a newer V3 spec version but imports it', () => {
    const card = { ...sampleV3Card(), spec_version: '3.5' };
    const { persona, warnings } = importCard(jsonBytes(card), 'new.json');
    expect(persona.card?.specVersion).toBe('3.5');
    expect(warnings.map(english).join(' ')).toContain('newer');
  });
});

describe('importCard from PNG', () => {
  it('prefers ccv3 over chara and strips card chunks from the avatar', () => {
    const png = cardPng(tEXt('chara', b64(sampleV2Card())), tEXt('ccv3', b64(sampleV3Card())));
    const { persona } = importCard(png, 'card.png');
    expect(persona.name).toBe('Lin Daiyu');
    expect(persona.avatar?.mime).toBe('image/png');
    const types = readPngChunks(persona.avatar!.bytes).map((c) => c.type);
    expect(types).toEqual(['IHDR', 'IDAT', 'IEND']);
  });

  it('reads a PNG with only a chara chunk', () => {
    expect(importCard(cardPng(tEXt('chara', b64(sampleV2Card()))), 'a.png').persona.name).toBe('林黛玉');
  });

  it('reads the card among other tEXt, iTXt and zTXt chunks, which stay in the avatar', () => {
    const png = cardPng(
      tEXt('Comment', 'made with paint'),
      iTXt('Description', '说明'),
      zTXt('Software', deflateSync(Buffer.from('tool'))),
      tEXt('chara', b64(sampleV2Card())),
      rawChunk('tIME', [7, 232, 1, 1, 0, 0, 0]),
    );
    const { persona } = importCard(png, 'a.png');
    expect(persona.name).toBe('林黛玉');
    expect(readPngChunks(persona.avatar!.bytes).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'tEXt', 'iTXt', 'zTXt', 'tIME', 'IEND']);
  });

  it('reads a card stored in an uncompressed iTXt chunk', () => {
    expect(importCard(cardPng(iTXt('ccv3', b64(sampleV3Card()))), 'a.png').persona.name).toBe('Lin Daiyu');
  });

  it('falls back to chara with a warning when ccv3 is damaged', () => {
    const png = cardPng(tEXt('ccv3', 'not*base64'), tEXt('chara', b64(sampleV2Card())));
    const { persona, warnings } = importCard(png, 'a.png');
    expect(persona.name).toBe('林黛玉');
    expect(warnings.map(english)[0]).toContain('V2 copy');
  });

  it('removes the V3 backfill note from an imported V2 copy', () => {
    const card = sampleV2Card();
    const data = card.data as Record<string, unknown>;
    data.creator_notes =
      'Hello.\n\nThis character card is Character Card V3, but it is loaded as a Character Card V2. Please use a Character Card V3 compatible application to use this character card properly.';
    expect(importCard(cardPng(tEXt('chara', b64(card))), 'a.png').persona.creatorNotes).toBe('Hello.');
  });
});

describe('importCard rejects bad files with a clear message', () => {
  it.each<[string, () => Uint8Array, string]>([
    ['an empty file', () => new Uint8Array(0), 'empty'],
    ['a text file', () => new TextEncoder().encode('hello world'), 'not-png'],
    ['a JPEG', () => new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 0, 0]), 'unsupported'],
    ['a CHARX zip', () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, 0, 0]), 'unsupported'],
    ['a truncated PNG', () => cardPng(tEXt('chara', b64(sampleV2Card()))).subarray(0, 120), 'truncated'],
    ['a PNG without card data', () => cardPng(tEXt('Comment', 'hi')), 'no-card'],
    ['a PNG with only a compressed card', () => cardPng(zTXt('chara', deflateSync(Buffer.from(b64(sampleV2Card()))))), 'unsupported'],
    ['bad base64', () => cardPng(tEXt('chara', '!!!not base64!!!')), 'bad-base64'],
    ['base64 of invalid JSON', () => cardPng(tEXt('chara', Buffer.from('{"spec": nope').toString('base64'))), 'bad-json'],
    ['base64 of invalid UTF-8', () => cardPng(tEXt('chara', Buffer.from([0x7b, 0xff, 0xfe]).toString('base64'))), 'bad-json'],
    ['invalid JSON text', () => new TextEncoder().encode('{"name": "x",}'), 'bad-json'],
    ['a JSON list', () => new TextEncoder().encode('[1, 2]'), 'wrong-type'],
    ['JSON that is no card', () => jsonBytes({ hello: 'world' }), 'no-card'],
    ['a lore book', () => jsonBytes({ spec: 'lorebook_v3', data: { entries: [] } }), 'unsupported'],
    ['an unknown spec', () => jsonBytes({ spec: 'other_format', data: {} }), 'unsupported'],
    ['JSON nested too deeply', () => new TextEncoder().encode(`{"name":"x","a":${'['.repeat(500)}${']'.repeat(500)}}`), 'unsupported'],
  ])('%s', (_label, make, code) => {
    const error = importError(make(), 'my card.png');
    expect(error.code).toBe(code);
    expect(error.message).toMatch(/^"my card\.png": /);
    expect(inChinese(error)).toMatch(/^“my card\.png”：\p{Script=Han}/u);
  });

  it('names the file and the problem in Chinese too, with nested details', () => {
    expect(inChinese(importError(cardPng(tEXt('chara', 'ab$d')), 'x.png'))).toBe(
      '“x.png”：这张图片中的角色数据已损坏（第 2 个位置出现意外字符）。请重新下载或重新导出角色卡后再试。',
    );
    expect(inChinese(importError(jsonBytes({ spec: 'chara_card_v2', data: { name: 7 } }), 'n.json'))).toBe(
      '“n.json”：角色卡的字段“name”应为文本，实际却是数字。请在角色卡编辑器中修正，或选择其他文件。',
    );
  });

  it('refuses a card chunk with a bad CRC (other chunks are not checked)', () => {
    const bad = rawChunk('tEXt', [...new TextEncoder().encode('chara'), 0, ...new TextEncoder().encode(b64(sampleV2Card()))], 0x12345678);
    expect(importError(cardPng(bad)).code).toBe('invalid');
    const okCard = cardPng(rawChunk('tEXt', [0x61, 0, 0x62], 1), tEXt('chara', b64(sampleV2Card())));
    expect(importCard(okCard, 'a.png').persona.name).toBe('林黛玉');
  });

  it.each<[string, unknown, string]>([
    ['name', 5, 'name'],
    ['alternate_greetings', 'hi', 'alternate_greetings'],
    ['tags', ['ok', 3], 'tags[1]'],
    ['extensions', [], 'extensions'],
    ['character_book', 'book', 'character_book'],
    ['character_book', { entries: [{ keys: ['a'], content: 7 }] }, 'character_book.entries[0].content'],
    ['character_book', { entries: [{ keys: [1] }] }, 'character_book.entries[0].keys[0]'],
    ['character_book', { entries: [{ enabled: 'yes' }] }, 'character_book.entries[0].enabled'],
    ['character_book', { entries: {} }, 'character_book.entries'],
  ])('names the field of the wrong type: %s', (field, value, path) => {
    const card = sampleV2Card();
    (card.data as Record<string, unknown>)[field] = value;
    const error = importError(jsonBytes(card), 'c.json');
    expect(error.code).toBe('wrong-type');
    expect(error.message).toContain(`"${path}"`);
  });

  it('refuses a 50 MB file with too-large before parsing, fast', () => {
    const bytes = new Uint8Array(50 * 1024 * 1024);
    bytes.set([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    const started = performance.now();
    const error = importError(bytes, 'huge.png');
    expect(error.code).toBe('too-large');
    expect(error.message).toContain('50.0 MB');
    expect(error.message).toContain('20.0 MB');
    expect(performance.now() - started).toBeLessThan(50);
  });
});

describe('markup in text fields', () => {
  it('keeps the text verbatim and warns naming the fields', () => {
    const card = sampleV2Card();
    const data = card.data as Record<string, unknown>;
    data.description = 'Hi <script>alert(1)</script>';
    data.first_mes = '<img src=x onerror="alert(1)">';
    data.alternate_greetings = ['fine', '<a href="javascript:alert(1)">x</a>'];
    (data.character_book as { entries: Array<Record<string, unknown>> }).entries[1]!.content = '<div onclick=steal()>';
    data.scenario = 'a < b and c > d; turn on = off';
    const { persona, warnings } = importCard(jsonBytes(card), 'c.json');
    expect(persona.description).toBe('Hi <script>alert(1)</script>');
    expect(warnings).toHaveLength(1);
    expect(warnings.map(english)[0]).toContain('description, first_mes, alternate_greetings[1], character_book.entries[1].content');
    expect(warnings.map(english)[0]).not.toContain('scenario');
  });
});

describe('fallbacks and edge cases', () => {
  it('uses chara when ccv3 has a bad CRC or is compressed', () => {
    const ccv3Bytes = [...new TextEncoder().encode('ccv3'), 0, ...new TextEncoder().encode(b64(sampleV3Card()))];
    const badCrc = rawChunk('tEXt', ccv3Bytes, 0);
    const compressed = zTXt('ccv3', deflateSync(Buffer.from(b64(sampleV3Card()))));
    for (const ccv3 of [badCrc, compressed]) {
      const { persona, warnings } = importCard(cardPng(ccv3, tEXt('chara', b64(sampleV2Card()))), 'a.png');
      expect(persona.name).toBe('林黛玉');
      expect(warnings.map(english)[0]).toMatch(/V3 data could not be read/);
    }
  });

  it('keeps a "__proto__" field as data without polluting prototypes', () => {
    const text = '{"spec":"chara_card_v2","data":{"name":"P","__proto__":{"polluted":true},"extensions":{"__proto__":{"x":1}}}}';
    const { persona } = importCard(new TextEncoder().encode(text), 'p.json');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getOwnPropertyDescriptor(persona.card!.unknownFields, '__proto__')?.value).toEqual({ polluted: true });
    expect(Object.getOwnPropertyDescriptor(persona.card!.extensions, '__proto__')?.value).toEqual({ x: 1 });
  });

  it('gives duplicate or missing lore ids fresh ids and keeps the originals for export', () => {
    const card = { spec: 'chara_card_v2', data: { name: 'L', character_book: { entries: [{ id: 'a', keys: [] }, { id: 'a', keys: [] }, { keys: 'x, y' }] } } };
    const { persona } = importCard(jsonBytes(card), 'l.json');
    const [first, second, third] = persona.lore!;
    expect(first).toMatchObject({ id: 'a', extra: {} });
    expect(second?.id).not.toBe('a');
    expect(second?.extra).toEqual({ id: 'a' });
    expect(third?.keys).toEqual(['x', 'y']);
    expect(new Set(persona.lore!.map((e) => e.id)).size).toBe(3);
  });

  it('keeps a malformed EGOS extension verbatim and says so', () => {
    const card = { spec: 'chara_card_v2', data: { name: 'E', extensions: { egos: { style: { humour: 'lots' } } } } };
    const { persona, warnings } = importCard(jsonBytes(card), 'e.json');
    expect(persona.card?.extensions).toEqual({ egos: { style: { humour: 'lots' } } });
    expect(warnings.map(english)[0]).toContain('extensions.egos.style.humour');
  });

  it('reads tags and creator from the top level of a V1 card', () => {
    const { persona } = importCard(jsonBytes({ name: 'V', first_mes: 'hi', tags: ['a'], creator: 'c' }), 'v.json');
    expect(persona).toMatchObject({ tags: ['a'], creator: 'c', card: { spec: 'chara_card_v1', unknownFields: {} } });
  });
});

describe('malformed card chunks', () => {
  it('calls an iTXt card chunk without its NUL separators damaged, not compressed', () => {
    const chunk = rawChunk('iTXt', [...new TextEncoder().encode('chara'), 0, 0, 0, 0x65, 0x6e]);
    expect(importError(cardPng(chunk)).code).toBe('invalid');
  });
});
