import { describe, expect, it } from 'vitest';
import { FULL_FLAGS } from '../eval/configurations.ts';
import { composerPersona } from '../eval/test-fixtures.ts';
import { renderPersonaCore } from '../persona/index.ts';
import { taskText } from '../prompt/layouts.ts';
import { speakersOf } from '../prompt/reply-form.ts';
import type { TokenCounter } from '../token-counter.ts';
import { personaCoreFor, rawMaterial } from './persona-core-for.ts';

const counter: TokenCounter = { id: 'chars', count: (t) => [...t].length };
const persona = composerPersona({
  description: 'Ludwig of {{user}}’s dreams.',
  user: { name: 'Anna', description: '' },
  greeting: 'Who disturbs me?',
  sampleDialogues: '<START>\nLudwig: "Muss es sein?"',
  creatorNotes: 'Secret notes for humans only',
  lore: [
    {
      id: 'a',
      keys: ['Vienna'],
      secondaryKeys: [],
      selective: false,
      content: 'Vienna is loud.',
      enabled: true,
      constant: false,
      caseSensitive: false,
      insertionOrder: 0,
      extra: {},
    },
    {
      id: 'b',
      keys: ['x'],
      secondaryKeys: [],
      selective: false,
      content: 'Disabled lore.',
      enabled: false,
      constant: false,
      caseSensitive: false,
      insertionOrder: 1,
      extra: {},
    },
  ],
});

describe('rawMaterial', () => {
  it('joins the source texts with macros substituted, never creator notes or disabled lore', () => {
    const text = rawMaterial(persona, { exemplars: true });
    expect(text).toBe('Ludwig of Anna’s dreams.\n\nStormy\n\nWho disturbs me?\n\n<START>\nLudwig: "Muss es sein?"\n\nVienna is loud.');
    expect(rawMaterial(persona, { exemplars: false })).not.toContain('Muss es sein');
  });
});

describe('personaCoreFor', () => {
  const budget = { counter, contextWindow: 4096, maxTokens: 320 };

  it('is the chat persona core with every flag on', () => {
    expect(personaCoreFor(persona, FULL_FLAGS, budget)).toBe(renderPersonaCore(persona, { original: taskText(speakersOf(persona)) }));
  });

  it('cuts raw material to half the budget, marking the cut', () => {
    const long = composerPersona({ description: 'x'.repeat(5000) });
    const core = personaCoreFor(long, { ...FULL_FLAGS, extract: false }, { counter, contextWindow: 1000, maxTokens: 200 });
    expect(counter.count(core)).toBeLessThanOrEqual(400);
    expect(core.endsWith(' […]')).toBe(true);
  });
});
