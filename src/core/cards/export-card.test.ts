import { describe, expect, it } from 'vitest';
import { english } from '../i18n/message.ts';
import { createPersona, type PersonaInit } from '../persona/index.ts';
import type { PersonaId } from '../ids.ts';
import { exportCardPng, exportCardV3Json } from './export-card.ts';
import { importCard } from './import-card.ts';
import { readPngChunks } from './png-chunks.ts';
import { readTextChunk } from './png-text.ts';
import { cardPng, jsonBytes, sampleV2Card, sampleV3Card, tEXt } from './test-fixtures.ts';

const fromBase64Json = (text: string): Record<string, unknown> => JSON.parse(Buffer.from(text, 'base64').toString('utf8'));

function cardTexts(png: Uint8Array): Map<string, string> {
  const entries = readPngChunks(png).flatMap((c) => {
    const t = readTextChunk(c);
    return t?.text !== undefined ? [[t.keyword, t.text] as const] : [];
  });
  return new Map(entries);
}

function fullPersona(): PersonaInit {
  const {
    id: _id,
    createdAt: _c,
    updatedAt: _u,
    ...rest
  } = createPersona(
    {
      name: '孙悟空',
      language: 'zh',
      description: '齐天大圣。',
      attributes: {
        identity: '花果山美猴王',
        interests: '桃',
        viewpoints: '',
        experiences: '大闹天宫',
        achievements: '',
        relationships: '唐僧的徒弟',
        other: '',
      },
      behaviours: {
        catchphrases: ['俺老孙来也！'],
        dialect: '',
        speakingStyle: '豪爽',
        frequentWords: ['师父'],
        personality: '桀骜不驯',
        emotionalExpression: '',
        interactionPatterns: '',
      },
      greeting: '呔！',
      alternateGreetings: ['师父，又有妖怪！'],
      sampleDialogues: '{{char}}: 「吃俺老孙一棒！」',
      style: { replyLength: 2, formality: 0, emotionalIntensity: 2, humour: 2, initiative: 1, warmth: 1, emoji: 0, catchphraseFrequency: 2, narration: 1 },
      boundary: { era: '唐朝', knows: '取经路上的事', cannotKnow: ['手机', 'Internet'] },
      sampling: { temperature: 0.8, topK: 30 },
      user: { name: 'Tang', description: 'The monk.' },
      lore: [
        {
          id: 'l1',
          keys: ['金箍棒'],
          secondaryKeys: [],
          selective: false,
          content: '如意金箍棒，重一万三千五百斤。',
          enabled: true,
          constant: false,
          caseSensitive: false,
          insertionOrder: 1,
          position: 'after-character',
          extra: {},
        },
      ],
      tags: ['西游记'],
      creator: 'me',
      creatorNotes: 'Have fun.',
    },
    'p1' as PersonaId,
    0,
  );
  return rest;
}

describe('exportCardV3Json', () => {
  it('writes a spec-shaped V3 card with EGOS fields in extensions.egos and no user persona', () => {
    const card = JSON.parse(exportCardV3Json(fullPersona())) as { spec: string; spec_version: string; data: Record<string, unknown> };
    expect(card.spec).toBe('chara_card_v3');
    expect(card.spec_version).toBe('3.0');
    expect(card.data).toMatchObject({
      name: '孙悟空',
      personality: '桀骜不驯',
      first_mes: '呔！',
      mes_example: '{{char}}: 「吃俺老孙一棒！」',
      character_version: '',
      group_only_greetings: [],
      character_book: { extensions: {}, entries: [{ id: 'l1', keys: ['金箍棒'], use_regex: false, extensions: { position: 1 }, position: 'after_char' }] },
    });
    const egos = (card.data.extensions as Record<string, Record<string, unknown>>).egos!;
    expect(egos.boundary).toEqual({ era: '唐朝', knows: '取经路上的事', cannotKnow: ['手机', 'Internet'] });
    expect(egos.user).toBeUndefined();
  });

  it('includes the user persona only when asked', () => {
    const card = JSON.parse(exportCardV3Json(fullPersona(), { includeUserPersona: true }));
    expect(card.data.extensions.egos.user).toEqual({ name: 'Tang', description: 'The monk.' });
  });

  it('round-trips a full persona through JSON (everything but the avatar and user persona)', () => {
    const persona = fullPersona();
    const back = importCard(new TextEncoder().encode(exportCardV3Json(persona)), 'x.json').persona;
    const { avatar: _a, user: _u, card: _c, ...expected } = persona;
    expect(back).toMatchObject(expected);
    expect(back.user).toBeUndefined();
    expect(back.card).toEqual({ spec: 'chara_card_v3', specVersion: '3.0', unknownFields: {}, extensions: {} });
  });

  it('round-trips imported V2 and V3 cards, keeping unknown fields, extensions and lore', () => {
    for (const source of [sampleV2Card(), sampleV3Card()]) {
      const first = importCard(jsonBytes(source), 'a.json').persona;
      const second = importCard(new TextEncoder().encode(exportCardV3Json(first)), 'b.json').persona;
      expect(second).toEqual({ ...first, card: { ...first.card, spec: 'chara_card_v3', specVersion: '3.0' } });
    }
  });
});

describe('kept protective scenes in cards', () => {
  const scenes = [{ kind: 'anachronism' as const, user: '你用过手机吗？', character: '手机？那是何方法宝？' }];

  it('go to extensions.egos when there are some, and come back on import', () => {
    const card = JSON.parse(exportCardV3Json({ ...fullPersona(), protectiveExamples: scenes }));
    expect(card.data.extensions.egos.protectiveExamples).toEqual(scenes);
    expect(importCard(new TextEncoder().encode(JSON.stringify(card)), 'x.json').persona.protectiveExamples).toEqual(scenes);
    const none = JSON.parse(exportCardV3Json({ ...fullPersona(), protectiveExamples: [] }));
    expect(none.data.extensions.egos).not.toHaveProperty('protectiveExamples');
  });

  it('a malformed scene keeps the EGOS settings out with a warning naming it', () => {
    const card = { spec: 'chara_card_v2', data: { name: 'E', extensions: { egos: { protectiveExamples: [{ kind: 'anachronism', user: 'Phone?' }] } } } };
    const { persona, warnings } = importCard(new TextEncoder().encode(JSON.stringify(card)), 'e.json');
    expect(persona.protectiveExamples).toBeUndefined();
    expect(english(warnings[0]!)).toContain('extensions.egos.protectiveExamples[0]');
  });
});

describe('exportCardPng', () => {
  it('writes ccv3 and a chara V2 copy before IEND on a placeholder image', () => {
    const png = exportCardPng(fullPersona());
    const types = readPngChunks(png).map((c) => c.type);
    expect(types.slice(-3)).toEqual(['tEXt', 'tEXt', 'IEND']);
    const texts = cardTexts(png);
    const v3 = fromBase64Json(texts.get('ccv3')!);
    const v2 = fromBase64Json(texts.get('chara')!) as { spec: string; data: Record<string, unknown> };
    expect(v3.spec).toBe('chara_card_v3');
    expect(v2.spec).toBe('chara_card_v2');
    expect(v2.data.name).toBe('孙悟空');
    expect(v2.data.creator_notes).toMatch(/^Have fun\.\n\nThis character card is Character Card V3/);
  });

  it('keeps the PNG avatar and replaces old card chunks in it', () => {
    const avatar = cardPng(tEXt('chara', 'old'), tEXt('Comment', 'keep me'));
    const png = exportCardPng({ ...fullPersona(), avatar: { mime: 'image/png', bytes: avatar } });
    expect(readPngChunks(png).map((c) => c.type)).toEqual(['IHDR', 'IDAT', 'tEXt', 'tEXt', 'tEXt', 'IEND']);
    expect(cardTexts(png).get('Comment')).toBe('keep me');
    expect(cardTexts(png).get('chara')).not.toBe('old');
  });

  it('uses a placeholder when the avatar is a JPEG or a damaged PNG', () => {
    for (const avatar of [
      { mime: 'image/jpeg', bytes: new Uint8Array([0xff, 0xd8, 0xff]) },
      { mime: 'image/png', bytes: cardPng().subarray(0, 30) },
    ]) {
      const png = exportCardPng({ ...fullPersona(), avatar });
      expect(readPngChunks(png)[0]?.data.length).toBe(13);
      expect(readPngChunks(png).map((c) => c.type)).toContain('PLTE');
    }
  });

  it('round-trips through PNG including the avatar bytes', () => {
    const persona = { ...fullPersona(), avatar: { mime: 'image/png', bytes: cardPng() } };
    const back = importCard(exportCardPng(persona), 'x.png').persona;
    expect([...back.avatar!.bytes]).toEqual([...cardPng()]);
    expect(back.lore).toEqual(persona.lore);
    expect(back.creatorNotes).toBe('Have fun.');
  });
});
