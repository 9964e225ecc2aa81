import { describe, expect, it } from 'vitest';
import { exportCardPng, MAX_CARD_BYTES } from '../../core/cards/index.ts';
import { english, type Message } from '../../core/i18n/message.ts';
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
