import { describe, expect, it } from 'vitest';
import { eraTraits } from './era.ts';
import { mozart, mozartZh, thrownCode } from './fixtures.test-support.ts';
import { renderBoundaryInstructions } from './knowledge-boundary.ts';
import { buildProtectiveExamplesRequest, parseProtectiveExamples } from './protective-examples-request.ts';
import { cannedProtectiveExamples, formatProtectiveExamples, protectiveExamplesFor } from './protective-examples.ts';

describe('eraTraits', () => {
  it.each([
    ['Vienna, 1785', true, false],
    ['18th century France', true, false],
    ['十八世纪的维也纳', true, false],
    ['唐朝长安', true, false],
    ['Rome, 44 BC', true, false],
    ['Tokyo, 2020', false, false],
    ['after book 3', false, false],
    ['A medieval fantasy kingdom of dragons', true, true],
    ['魔法学院所在的异世界', false, true],
    ['', false, false],
  ])('%s', (era, preModern, fictional) => {
    expect(eraTraits(era)).toEqual({ preModern, fictional });
  });
});

describe('protectiveExamples', () => {
  it('gives a historical persona an anachronism, a false relationship and its unknown topic', () => {
    const examples = cannedProtectiveExamples(mozart());
    expect(examples.map((e) => e.kind)).toEqual(['anachronism', 'false-relationship', 'unknown-topic']);
    expect(examples[0]?.user).toContain('smartphone');
    expect(examples[2]?.user).toBe('What do you know about recorded music?');
  });

  it('formats English lines as Name: "…" and Chinese lines as Name：「…」', () => {
    const en = mozart();
    expect(formatProtectiveExamples(cannedProtectiveExamples(en).slice(0, 1), en)).toBe(
      'Anna: "Can you send me that on your smartphone?"\nMozart: "A smart… phone? I have never heard that word. Is it some new contraption from abroad?"',
    );
    const zh = mozartZh();
    const text = formatProtectiveExamples(cannedProtectiveExamples(zh), zh);
    expect(text.split('\n\n')).toHaveLength(3);
    expect(text).toContain('安娜：「你知道录音吗？」\n莫扎特：「录音？');
  });

  it('uses "Me" for a user without a name', () => {
    const persona = mozart({ user: { name: '', description: '' } });
    expect(formatProtectiveExamples(cannedProtectiveExamples(persona), persona)).toMatch(/^Me: "/);
  });

  it('asks an invented-world persona about a real place when no topic is listed', () => {
    const persona = mozart({ boundary: { era: 'A world of magic', knows: '', cannotKnow: [] } });
    expect(cannedProtectiveExamples(persona).map((e) => e.kind)).toEqual(['false-relationship', 'out-of-world']);
  });

  it('leaves out the twin scene when the persona names a twin or a sibling it would contradict', () => {
    for (const relationships of ['Twin brother Paul', 'His sister Nannerl', 'Siblings: none living']) {
      const persona = mozart({ attributes: { ...mozart().attributes, relationships } });
      expect(cannedProtectiveExamples(persona).map((e) => e.kind)).toEqual(['anachronism', 'unknown-topic']);
    }
    const zh = mozartZh({ attributes: { ...mozartZh().attributes, relationships: '姐姐南妮儿' } });
    expect(cannedProtectiveExamples(zh).map((e) => e.kind)).toEqual(['anachronism', 'unknown-topic']);
    const brotherhood = mozart({ attributes: { ...mozart().attributes, relationships: 'Member of the Brotherhood of Masons' } });
    expect(cannedProtectiveExamples(brotherhood).map((e) => e.kind)).toContain('false-relationship');
  });

  it('asks about a smartphone only when the era is pre-modern and the persona does not know telephones', () => {
    expect(cannedProtectiveExamples(mozart({ boundary: { era: 'Tokyo, 2020', knows: '', cannotKnow: ['recorded music'] } })).map((e) => e.kind)).toEqual([
      'false-relationship',
      'unknown-topic',
    ]);
    const inventor = mozart({ boundary: { era: 'Boston, 1876', knows: 'How his telephone works', cannotKnow: [] } });
    expect(cannedProtectiveExamples(inventor).map((e) => e.kind)).toEqual(['false-relationship']);
  });

  it('asks an invented world about New York only when the persona never mentions it', () => {
    const portal = mozart({ boundary: { era: 'A world of magic', knows: 'The portal to New York', cannotKnow: [] } });
    expect(cannedProtectiveExamples(portal).map((e) => e.kind)).toEqual(['false-relationship']);
  });

  it('is empty for an empty boundary, and deterministic otherwise', () => {
    expect(cannedProtectiveExamples(mozart({ boundary: { era: ' ', knows: '', cannotKnow: [''] } }))).toEqual([]);
    expect(cannedProtectiveExamples(mozart())).toEqual(cannedProtectiveExamples(mozart()));
  });
});

describe('protectiveExamplesFor (what the prompt shows)', () => {
  const kept = [
    { kind: 'anachronism' as const, user: ' Have you seen my {{char}} laptop? ', character: 'A lap-top, {{user}}? Is that a kind of desk?' },
    { kind: 'unknown-topic' as const, user: 'Half a scene', character: '  ' },
  ];

  it('uses the kept scenes (complete ones, macros substituted) instead of the built-in ones', () => {
    expect(protectiveExamplesFor(mozart({ protectiveExamples: kept }))).toEqual([
      { kind: 'anachronism', user: 'Have you seen my Mozart laptop?', character: 'A lap-top, Anna? Is that a kind of desk?' },
    ]);
  });

  it('falls back to the built-in scenes that fit when none is kept', () => {
    expect(protectiveExamplesFor(mozart({ protectiveExamples: [] }))).toEqual(cannedProtectiveExamples(mozart()));
    expect(protectiveExamplesFor(mozart({ protectiveExamples: [kept[1]!] }))).toEqual(cannedProtectiveExamples(mozart()));
  });
});

describe('renderBoundaryInstructions', () => {
  it('states era, knowledge, topics and how to react; macros substituted', () => {
    const persona = mozart({ boundary: { era: 'Vienna, 1785.', knows: 'what {{user}} told him', cannotKnow: ['trains', 'phones.'] } });
    expect(renderBoundaryInstructions(persona).split('\n')).toEqual([
      '- Your time and world: Vienna, 1785. You know nothing that happens after it or outside it.',
      '- You know about: what Anna told him',
      '- You cannot know about: trains, phones.',
      '- When someone mentions something you cannot know, react as Mozart would, with confusion or refusal; never explain it and never step out of your role.',
      '- When someone claims a relationship or a shared past with you that is not part of your story, do not accept it; react with doubt, in character.',
    ]);
  });

  it('is empty without a boundary, unless scenes were kept', () => {
    const empty = { era: '', knows: '', cannotKnow: [] };
    expect(renderBoundaryInstructions(mozart({ boundary: empty }))).toBe('');
    const kept = mozart({ boundary: empty, protectiveExamples: [{ kind: 'false-relationship', user: "I'm your cousin!", character: 'My cousin? Hardly.' }] });
    expect(renderBoundaryInstructions(kept)).toMatch(/^- When someone mentions something you cannot know/);
  });
});

describe('model-written protective examples', () => {
  it('builds a constrained-JSON request from the boundary, in the persona language', () => {
    const request = buildProtectiveExamplesRequest(mozartZh(), 2);
    expect(request.responseFormat?.schema).toMatchObject({ properties: { examples: { maxItems: 2 } } });
    const input = request.input;
    if (input.kind !== 'chat') throw new Error('expected a chat request');
    const user = input.messages.at(-1)?.content ?? '';
    expect(user).toContain('Era or world: 十八世纪的维也纳');
    expect(user).toContain('Cannot know: 录音');
    expect(user).toContain('Simplified Chinese');
    expect(user).toContain('Relationships: 妻子康斯坦策');
    expect(user).not.toContain('CREATOR-SECRET');
    expect(request.maxTokens).toBeLessThanOrEqual(300);
    expect(request.enableThinking).toBe(false);
  });

  it("plans one scene per line, made for the persona's era, relationships and topics", () => {
    const user = (persona: Parameters<typeof buildProtectiveExamplesRequest>[0]): string => {
      const input = buildProtectiveExamplesRequest(persona).input;
      return input.kind === 'chat' ? (input.messages.at(-1)?.content ?? '') : '';
    };
    const historical = user(mozart());
    expect(historical).toContain("1. [anachronism] Anna asks about a specific thing invented after Mozart's time (Vienna, 1785).");
    expect(historical).toContain(
      "2. [false-relationship] Anna falsely claims a relationship or a shared past with Mozart that is not in Mozart's relationships above.",
    );
    expect(historical).toContain('3. [unknown-topic] Anna asks about "recorded music".');
    expect(historical).toContain('Relationships: Wife Constanze');
    const fantasy = user(mozart({ boundary: { era: 'A kingdom of dragons', knows: 'Sword fighting', cannotKnow: [] } }));
    expect(fantasy).toContain('1. [out-of-world]');
    expect(fantasy).toContain('3. [unknown-topic] Anna asks about something Mozart cannot know from the facts above.');
    expect(fantasy).not.toContain('[anachronism]');
  });

  it('refuses without a boundary', () => {
    expect(thrownCode(() => buildProtectiveExamplesRequest(mozart({ boundary: { era: '', knows: '', cannotKnow: [] } })))).toBe('empty');
  });

  it('parses fenced output, strips speakers and quotes, fixes kinds, drops empty items', () => {
    const text = [
      'Sure:',
      '```json',
      JSON.stringify({
        examples: [
          { kind: 'anachronism', user: 'Anna: "Seen my laptop?"', character: '"A lap-top? Is that a kind of desk?"' },
          { kind: 'weird', user: "Know Beethoven's 9th?", character: 'Mozart：「Who is this Beethoven?」' },
          { kind: 'anachronism', user: '', character: 'nothing asked' },
          'not an object',
        ],
      }),
      '```',
    ].join('\n');
    expect(parseProtectiveExamples(text, mozart())).toEqual([
      { kind: 'anachronism', user: 'Seen my laptop?', character: 'A lap-top? Is that a kind of desk?' },
      { kind: 'unknown-topic', user: "Know Beethoven's 9th?", character: 'Who is this Beethoven?' },
    ]);
  });

  it('accepts a bare list, caps the count and length, and rejects garbage', () => {
    const many = Array.from({ length: 8 }, (_, i) => ({ kind: 'false-relationship', user: `Claim ${i}`, character: 'y'.repeat(999) }));
    const parsed = parseProtectiveExamples(JSON.stringify(many), mozart(), 3);
    expect(parsed).toHaveLength(3);
    expect(parsed[0]?.character).toHaveLength(300);
    expect(thrownCode(() => parseProtectiveExamples('no idea', mozart()))).toBe('bad-json');
    expect(thrownCode(() => parseProtectiveExamples(' ', mozart()))).toBe('empty');
    expect(thrownCode(() => parseProtectiveExamples('{"examples": []}', mozart()))).toBe('invalid');
  });

  it('keeps the whole scenes of an answer cut off by the token limit, and drops repeats', () => {
    const cut =
      '{"examples":[{"kind":"anachronism","user":"Seen my laptop?","character":"A lap-top?"},{"kind":"anachronism","user":"Seen my laptop?","character":"Again?"},{"kind":"false-relationship","user":"I am your cou';
    expect(parseProtectiveExamples(cut, mozart())).toEqual([{ kind: 'anachronism', user: 'Seen my laptop?', character: 'A lap-top?' }]);
    const cutInAnswer =
      '{"examples":[{"kind":"anachronism","user":"Seen my laptop?","character":"A lap-top?"},{"kind":"unknown-topic","user":"Jazz?","character":"Ja';
    expect(parseProtectiveExamples(cutInAnswer, mozart())).toHaveLength(1);
  });
});
