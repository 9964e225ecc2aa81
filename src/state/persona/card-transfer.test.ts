import { describe, expect, it } from 'vitest';
import { exportCardPng, exportCardV3Json, MAX_CARD_BYTES } from '../../core/cards/index.ts';
import { ValidationError } from '../../core/errors/index.ts';
import { english, msg, type Message } from '../../core/i18n/message.ts';
import type { PersonaId } from '../../core/ids.ts';
import { createPersona, type PersonaInit } from '../../core/persona/index.ts';
import { CardExport, CardImport, cardFileName, type PickedFile } from './card-transfer.svelte.ts';

/** The English sentence of a state's message, or null. */
const shown = (message: Message | null): string | null => (message ? english(message) : null);

function picked(name: string, bytes: Uint8Array | string): PickedFile & { reads: number } {
  const data = typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes;
  return {
    name,
    size: data.length,
    reads: 0,
    async arrayBuffer() {
      this.reads++;
      return data.slice().buffer;
    },
  };
}

const card: PersonaInit = {
  name: '林黛玉',
  language: 'zh',
  description: '潇湘馆的主人，多愁善感。',
  greeting: '你来了。',
  alternateGreetings: ['又是你。', '今日风大。'],
  creatorNotes: 'Made for testing; 仅供测试。',
  lore: [
    {
      id: 'x',
      keys: ['宝玉'],
      secondaryKeys: [],
      selective: false,
      content: '宝玉是她的表哥。',
      enabled: true,
      constant: false,
      caseSensitive: false,
      insertionOrder: 0,
      extra: {},
    },
  ],
};

describe('CardImport', () => {
  it('reads a PNG card into a persona waiting for review, storing nothing', async () => {
    const cards = new CardImport();
    const ok = await cards.read(picked('daiyu.png', exportCardPng(card)));
    expect(ok).toBe(true);
    expect(cards.error).toBeNull();
    expect(cards.pending?.fileName).toBe('daiyu.png');
    expect(cards.pending?.init).toMatchObject({
      name: '林黛玉',
      language: 'zh',
      greeting: '你来了。',
      alternateGreetings: ['又是你。', '今日风大。'],
      creatorNotes: 'Made for testing; 仅供测试。',
    });
    expect(cards.pending?.init.lore?.[0]).toMatchObject({ keys: ['宝玉'], content: '宝玉是她的表哥。' });
  });

  it('names the file and the problem for a bad file, keeping the card under review', async () => {
    const cards = new CardImport();
    await cards.read(picked('daiyu.png', exportCardPng(card)));
    const before = cards.pending;
    expect(await cards.read(picked('notes.png', 'hello, not a picture'))).toBe(false);
    expect(shown(cards.error)).toMatch(/^"notes\.png": /);
    expect(await cards.read(picked('card.json', '{"name": "A", '))).toBe(false);
    expect(shown(cards.error)).toMatch(/"card\.json"/);
    expect(cards.pending).toBe(before);
    cards.dismissError();
    expect(cards.error).toBeNull();
  });

  it('refuses an oversized file before reading it', async () => {
    const cards = new CardImport();
    const file = { ...picked('huge.png', new Uint8Array(4)), size: MAX_CARD_BYTES + 1 };
    expect(await cards.read(file)).toBe(false);
    expect(shown(cards.error)).toMatch(/"huge\.png" is 20\.0 MB; the most EGOS reads here is 20\.0 MB/);
    expect(file.reads).toBe(0);
  });

  it('warns about HTML or script in card fields', async () => {
    const cards = new CardImport();
    const hostile = JSON.stringify({ spec: 'chara_card_v2', spec_version: '2.0', data: { name: 'X', description: '<img src=x onerror="alert(1)">' } });
    await cards.read(picked('x.json', hostile));
    expect(cards.pending?.warnings.map(english).join(' ')).toMatch(/HTML or script in: description/);
    expect(cards.pending?.init.description).toBe('<img src=x onerror="alert(1)">');
  });

  it('clear drops the card under review', async () => {
    const cards = new CardImport();
    await cards.read(picked('daiyu.png', exportCardPng(card)));
    cards.clear();
    expect(cards.pending).toBeNull();
  });
});

describe('CardImport: pictures and cards you already have', () => {
  const WEBP = new Uint8Array([0x52, 0x49, 0x46, 0x46, 0, 0, 0, 0, 0x57, 0x45, 0x42, 0x50]);
  const maren = { name: 'Maren', creator: 'kelp', greeting: 'Welcome.' };

  it("makes the thumbnail of a PNG card's picture for review", async () => {
    const sizes: number[] = [];
    const thumbnailer = {
      thumbnail: async (_image: unknown, size: number) => {
        sizes.push(size);
        return { mime: 'image/webp', bytes: WEBP };
      },
    };
    const cards = new CardImport({ thumbnailer });
    await cards.read(picked('maren.png', exportCardPng(maren)));
    expect(cards.pending?.init.avatar?.mime).toBe('image/png');
    expect(cards.pending?.init.avatarThumb).toEqual({ mime: 'image/webp', bytes: WEBP });
    expect(sizes).toEqual([128]);
  });

  it('imports a card whose picture cannot be decoded, saying so (the persona shows its initial)', async () => {
    const thumbnailer = {
      thumbnail: async () => {
        throw new ValidationError('invalid', msg('avatar.error.undecodable', { type: 'image/png' }));
      },
    };
    const cards = new CardImport({ thumbnailer });
    expect(await cards.read(picked('maren.png', exportCardPng(maren)))).toBe(true);
    expect(cards.pending?.init.avatar).toBeDefined();
    expect(cards.pending?.init.avatarThumb).toBeUndefined();
    expect(cards.pending?.warnings.map(english).join(' ')).toMatch(
      /picture is kept for export but cannot be shown: This picture \(image\/png\) could not be decoded/,
    );
  });

  it('finds the stored persona a card matches and records the answer to the question', async () => {
    const stored = [createPersona({ name: 'Maren', creator: 'Kelp' }, 'old' as PersonaId, 1), createPersona({ name: 'Ada' }, 'ada' as PersonaId, 1)];
    const cards = new CardImport({ personas: () => stored });
    await cards.read(picked('maren.json', exportCardV3Json(maren)));
    expect(cards.pending?.duplicateOf?.id).toBe('old');
    expect(cards.pending?.choice).toBeUndefined();
    const init = cards.pending?.init;
    cards.choose('keep-both');
    expect(cards.pending?.choice).toBe('keep-both');
    cards.choose('replace');
    expect(cards.pending).toMatchObject({ choice: 'replace', init });
    await cards.read(picked('other.json', exportCardV3Json({ name: 'Maren', creator: 'someone else' })));
    expect(cards.pending?.duplicateOf).toBeUndefined();
  });
});

describe('CardExport', () => {
  const persona = createPersona(card, 'p1' as PersonaId, 1);

  it('builds a PNG card that imports back to the same persona', async () => {
    const download = await new CardExport().build(persona, 'png');
    expect(download?.fileName).toBe('林黛玉.png');
    expect(download?.blob.type).toBe('image/png');
    const bytes = new Uint8Array(await download!.blob.arrayBuffer());
    const cards = new CardImport();
    await cards.read(picked(download!.fileName, bytes));
    const back = cards.pending!.init;
    expect(back).toMatchObject({
      name: persona.name,
      description: persona.description,
      alternateGreetings: persona.alternateGreetings,
      creatorNotes: persona.creatorNotes,
    });
    expect(back.lore?.[0]?.content).toBe('宝玉是她的表哥。');
  });

  it('builds V3 JSON', async () => {
    const download = await new CardExport().build(persona, 'json');
    expect(download?.blob.type).toBe('application/json');
    const json = JSON.parse(await download!.blob.text()) as { spec: string; data: { name: string } };
    expect(json).toMatchObject({ spec: 'chara_card_v3', data: { name: '林黛玉' } });
  });

  it('makes safe file names', () => {
    expect(cardFileName('A/B: <C>?', 'png')).toBe('A B C.png');
    expect(cardFileName('***', 'json')).toBe('character.json');
  });
});

describe('CardImport: a world book picked by mistake', () => {
  const worldInfo = JSON.stringify({
    entries: { '0': { uid: 0, key: ['Silverkeep'], content: 'The capital.' }, '1': { uid: 1, key: ['茶馆'], content: '码头边的茶馆。' } },
  });

  it('is stored as a book (not reviewed as a card) and named for the notice', async () => {
    const stored: Array<[number, string]> = [];
    const cards = new CardImport({
      importBook: async (bytes, fileName) => {
        stored.push([bytes.length, fileName]);
        return { id: 'b1' as never, name: 'eldoria', entries: 2, warnings: [] };
      },
    });
    expect(await cards.read(picked('eldoria.json', worldInfo))).toBe(false);
    expect(stored).toEqual([[new TextEncoder().encode(worldInfo).length, 'eldoria.json']]);
    expect(cards.importedBook).toEqual({ id: 'b1', name: 'eldoria', entries: 2, warnings: [] });
    expect(cards.pending).toBeNull();
    expect(cards.error).toBeNull();
    cards.dismissImportedBook();
    expect(cards.importedBook).toBeNull();
  });

  it('a book that cannot be stored says why', async () => {
    const cards = new CardImport({
      importBook: async () => {
        throw new ValidationError('wrong-type', msg('book.error.notObject'));
      },
    });
    expect(await cards.read(picked('eldoria.json', worldInfo))).toBe(false);
    expect(shown(cards.error)).toMatch(/not a world book/);
  });

  it('a character card is still reviewed as a card', async () => {
    const cards = new CardImport({ importBook: async () => Promise.reject(new Error('not a book')) });
    expect(await cards.read(picked('lin.json', exportCardV3Json(card)))).toBe(true);
    expect(cards.importedBook).toBeNull();
  });
});
