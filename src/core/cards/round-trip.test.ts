import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LoreEntry, PersonaInit } from '../persona/index.ts';
import { MAPPED_DATA_FIELDS } from './card-spec.ts';
import { exportCardPng, exportCardV3Json } from './export-card.ts';
import { importCard } from './import-card.ts';
import { cardPng } from './test-fixtures.ts';

const SPECIAL = ['林黛玉葬花', '「你好」', '\ud800 lone surrogate', '<script>x</script>', 'e\u0301', '👩‍👩‍👧', '\u0000nul', '{{char}}'];
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 30 }), fc.constantFrom(...SPECIAL));
const texts = fc.array(text, { maxLength: 4 });
const json = fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.parse(JSON.stringify(v)) as unknown);
const number = fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })).map((n) => (Object.is(n, -0) ? 0 : n));

/** A JSON object whose keys avoid `reserved`, normalized like parsed JSON. */
function objectWithout(reserved: ReadonlySet<string>, minKeys = 0) {
  const key = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('nickname', 'assets', 'source', 'x_ext', '__proto__'));
  return fc
    .dictionary(
      key.filter((k) => !reserved.has(k)),
      json,
      { minKeys, maxKeys: 4 },
    )
    .map((o) => JSON.parse(JSON.stringify(o)) as Record<string, unknown>)
    .filter((o) => Object.keys(o).length >= minKeys);
}

const ENTRY_RESERVED = new Set([
  'id',
  'keys',
  'secondary_keys',
  'selective',
  'content',
  'enabled',
  'constant',
  'case_sensitive',
  'insertion_order',
  'priority',
  'comment',
  'extensions',
  'use_regex',
  'position',
]);

/** SillyTavern's settings in an entry's `extensions`, read into LoreEntry fields (the generator leaves them to the fields). */
const WORLD_EXTENSION_KEYS = new Set([
  'position',
  'depth',
  'probability',
  'useProbability',
  'selectiveLogic',
  'exclude_recursion',
  'prevent_recursion',
  'match_whole_words',
  'scan_depth',
]);

const loreEntry = fc.record(
  {
    id: fc.string({ minLength: 1, maxLength: 10 }),
    keys: texts,
    secondaryKeys: texts,
    selective: fc.boolean(),
    content: text,
    enabled: fc.boolean(),
    constant: fc.boolean(),
    caseSensitive: fc.boolean(),
    insertionOrder: number,
    priority: number,
    comment: text,
    position: fc.constantFrom('before-character' as const, 'after-character' as const, 'before-note' as const, 'after-note' as const, 'at-depth' as const),
    depth: fc.nat(50),
    secondaryLogic: fc.constantFrom('and-any' as const, 'not-all' as const, 'not-any' as const, 'and-all' as const),
    probability: fc.integer({ min: 0, max: 100 }),
    wholeWords: fc.boolean(),
    scanDepth: fc.nat(20),
    excludeRecursion: fc.boolean(),
    preventRecursion: fc.boolean(),
    extra: fc
      .tuple(objectWithout(ENTRY_RESERVED), fc.option(objectWithout(WORLD_EXTENSION_KEYS, 1), { nil: undefined }))
      .map(([extra, extensions]) => (extensions === undefined ? extra : { ...extra, extensions })),
  },
  { requiredKeys: ['id', 'keys', 'secondaryKeys', 'selective', 'content', 'enabled', 'constant', 'caseSensitive', 'insertionOrder', 'extra'] },
) satisfies fc.Arbitrary<LoreEntry>;

const DATA_RESERVED = new Set([...MAPPED_DATA_FIELDS, 'character_version', 'group_only_greetings']);

const persona: fc.Arbitrary<PersonaInit> = fc.record({
  name: text.filter((n) => n.trim() !== ''),
  language: fc.constantFrom('en' as const, 'zh' as const),
  replyForm: fc.constantFrom('line' as const, 'scene' as const),
  description: text,
  attributes: fc.record({ identity: text, interests: text, viewpoints: text, experiences: text, achievements: text, relationships: text, other: text }),
  behaviours: fc.record({
    catchphrases: texts,
    dialect: text,
    speakingStyle: text,
    frequentWords: texts,
    personality: text,
    emotionalExpression: text,
    interactionPatterns: text,
  }),
  greeting: text,
  alternateGreetings: texts,
  sampleDialogues: text,
  scenario: text,
  systemPrompt: text,
  postHistoryInstructions: text,
  user: fc.record({ name: text, description: text }),
  style: fc.record({
    replyLength: fc.nat(4),
    formality: fc.nat(4),
    emotionalIntensity: fc.nat(4),
    humour: fc.nat(4),
    initiative: fc.nat(4),
    warmth: fc.nat(4),
    emoji: fc.nat(4),
    catchphraseFrequency: fc.nat(4),
    narration: fc.nat(4),
  }),
  boundary: fc.record({ era: text, knows: text, cannotKnow: texts }),
  sampling: fc.record({ temperature: number, topK: fc.nat(100), seed: fc.integer() }, { requiredKeys: [] }),
  lore: fc.uniqueArray(loreEntry, { maxLength: 4, selector: (e) => e.id }),
  tags: texts,
  creator: text,
  creatorNotes: text,
  card: fc.record(
    {
      spec: fc.constant('chara_card_v3' as const),
      specVersion: fc.constantFrom('3.0', '3.1'),
      unknownFields: objectWithout(DATA_RESERVED),
      extensions: objectWithout(new Set(['egos'])),
      bookExtra: objectWithout(new Set(['entries', 'extensions']), 1),
    },
    { requiredKeys: ['spec', 'specVersion', 'unknownFields', 'extensions'] },
  ),
});

describe('import(export(persona)) keeps every field', () => {
  it('through V3 JSON', () => {
    fc.assert(
      fc.property(persona, (p) => {
        const back = importCard(new TextEncoder().encode(exportCardV3Json(p, { includeUserPersona: true })), 'c.json');
        expect(back.persona).toEqual(p);
      }),
      { numRuns: 150 },
    );
  });

  it('through PNG, with the avatar or a placeholder', () => {
    fc.assert(
      fc.property(persona, fc.boolean(), (p, withAvatar) => {
        const input = withAvatar ? { ...p, avatar: { mime: 'image/png', bytes: cardPng() } } : p;
        const back = importCard(exportCardPng(input, { includeUserPersona: true }), 'c.png').persona;
        const { avatar, ...rest } = back;
        const { avatar: _given, ...expected } = input;
        expect(rest).toEqual(expected);
        expect(avatar?.mime).toBe('image/png');
        if (withAvatar) expect([...avatar!.bytes]).toEqual([...cardPng()]);
      }),
      { numRuns: 60 },
    );
  });
});
