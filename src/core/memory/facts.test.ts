import { describe, expect, it } from 'vitest';
import type { ChatId, MemoryId, MessageId, PersonaId } from '../ids.ts';
import { dedupeFacts, factsDue, factsToMemories } from './facts-memory.ts';
import { clampImportance, parseFactsResponse } from './facts-parser.ts';
import { buildFactsRequest, type FactsTurn } from './facts-request.ts';

const turns: FactsTurn[] = [
  { id: 'm1' as MessageId, speaker: 'Mia', text: 'My sister lives in Hangzhou.' },
  { id: 'm2' as MessageId, speaker: 'Holmes', text: '"Hangzhou! I once chased a thief there."' },
];
const names = { userName: 'Mia', characterName: 'Holmes' };

describe('buildFactsRequest', () => {
  it('asks for schema-constrained JSON with numbered messages', () => {
    const req = buildFactsRequest({ turns, userName: 'Mia', characterName: 'Holmes', language: 'en', knownFacts: ['Mia likes tea.'] });
    expect(req.responseFormat?.type).toBe('json');
    expect(JSON.stringify(req.responseFormat?.schema)).toContain('"maximum":10');
    expect(req.enableThinking).toBe(false);
    if (req.input.kind !== 'chat') throw new Error('expected a chat request');
    expect(req.input.messages[1]!.content).toBe('[1] Mia: My sister lives in Hangzhou.\n[2] Holmes: "Hangzhou! I once chased a thief there."');
    expect(req.input.messages[0]!.content).toContain('Mia likes tea.');
  });
});

describe('parseFactsResponse', () => {
  it('reads well-formed facts and maps message numbers to ids', () => {
    const answer = '{"facts":[{"about":"user","fact":"Mia\'s sister lives in Hangzhou.","importance":6,"message":1}]}';
    expect(parseFactsResponse(answer, turns, names)).toEqual({
      facts: [{ about: 'user', text: "Mia's sister lives in Hangzhou.", importance: 6, sourceMessageId: 'm1' }],
      rejected: 0,
    });
  });

  it('survives fences, think blocks, prose and synonyms', () => {
    const answer =
      '<think>hmm</think>Sure! ```json\n[{"subject":"Holmes","text":"Holmes once chased a thief in Hangzhou","importance":"8/10","message":"2"}]\n```';
    const result = parseFactsResponse(answer, turns, names);
    expect(result.facts).toEqual([{ about: 'character', text: 'Holmes once chased a thief in Hangzhou', importance: 8, sourceMessageId: 'm2' }]);
  });

  it('salvages an answer cut off by the token limit', () => {
    const answer = '{"facts":[{"about":"user","fact":"Mia has a sister.","importance":5,"message":1},{"about":"char';
    expect(parseFactsResponse(answer, turns, names).facts.map((f) => f.text)).toEqual(['Mia has a sister.']);
  });

  it('clamps importance and drops unusable items', () => {
    const answer = JSON.stringify({
      facts: [
        { about: 'user', fact: 'Mia is 30.', importance: 99, message: 7 },
        { about: 'user', fact: 'Mia is 30.', importance: 3 },
        { about: 'weather', fact: 'It rains.' },
        { about: 'user', fact: '' },
        'not an object',
        { about: 'character', fact: 'Holmes plays violin.', importance: -4 },
      ],
    });
    const result = parseFactsResponse(answer, turns, names);
    expect(result.facts).toEqual([
      { about: 'user', text: 'Mia is 30.', importance: 10 },
      { about: 'character', text: 'Holmes plays violin.', importance: 1 },
    ]);
    expect(result.rejected).toBe(4);
  });

  it('reports garbage without throwing', () => {
    expect(parseFactsResponse('I cannot help with that.', turns, names)).toEqual({ facts: [], rejected: 0, problem: 'no-json' });
    expect(parseFactsResponse('{"answer": 42}', turns, names)).toEqual({ facts: [], rejected: 0, problem: 'wrong-shape' });
    expect(parseFactsResponse('{{{{', turns, names).problem).toBe('no-json');
  });

  it('clamps importance values of any type', () => {
    expect([clampImportance(7.6), clampImportance('3'), clampImportance(null), clampImportance(0), clampImportance('ten')]).toEqual([8, 3, 5, 1, 5]);
  });
});

describe('facts to memories', () => {
  it('skips facts already known (exact or near) and repeated ones', () => {
    const facts = [
      { about: 'user' as const, text: 'Mia likes green tea.', importance: 5 },
      { about: 'user' as const, text: 'MIA LIKES GREEN TEA', importance: 5 },
      { about: 'user' as const, text: 'Mia has a sister in Hangzhou.', importance: 6 },
      { about: 'user' as const, text: 'Mia has a sister in Hangzhou!', importance: 6 },
    ];
    expect(dedupeFacts(facts, [{ text: 'Mia likes green tea' }]).map((f) => f.text)).toEqual(['Mia has a sister in Hangzhou.']);
  });

  it('builds chat-level fact memories with their source message', () => {
    const [m] = factsToMemories([{ about: 'user', text: 'Mia has a sister.', importance: 6, sourceMessageId: 'm1' as MessageId }], {
      personaId: 'p' as PersonaId,
      chatId: 'c' as ChatId,
      now: 5,
      newId: () => 'f1' as MemoryId,
    });
    expect(m).toEqual({
      id: 'f1',
      personaId: 'p',
      chatId: 'c',
      kind: 'fact',
      text: 'Mia has a sister.',
      importance: 6,
      pinned: false,
      createdAt: 5,
      updatedAt: 5,
      lastAccessedAt: 5,
      accessCount: 0,
      sourceMessageId: 'm1',
    });
  });

  it('says when extraction is due', () => {
    expect([factsDue(3), factsDue(4), factsDue(2, 2), factsDue(9, 0)]).toEqual([false, true, true, false]);
  });
});
