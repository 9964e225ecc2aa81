import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import { mergeDraft, parseDraftReply } from './merge-draft.ts';
import { DRAFT_LIMITS, emptyDraft, type PersonaDraft } from './persona-draft.ts';

const previous: PersonaDraft = {
  ...emptyDraft('en', 'Alice'),
  identity: 'A young explorer from Bristol.',
  personality: 'Curious, brave.',
  relationships: ['Tom: brother', 'Mia: friend'],
  sampleLines: ['"Onwards!"'],
  knowledgeBoundary: { era: 'Victorian England', knows: 'maps', cannotKnow: ['the internet'] },
};

describe('mergeDraft', () => {
  it('takes new non-empty text, keeps old text where the model left a field empty or out', () => {
    const { draft } = mergeDraft(previous, { name: 'Alice Liddell', identity: '', personality: 'Curious, brave, stubborn.' });
    expect(draft.name).toBe('Alice Liddell');
    expect(draft.identity).toBe('A young explorer from Bristol.');
    expect(draft.personality).toBe('Curious, brave, stubborn.');
    expect(draft.language).toBe('en');
    expect(draft.knowledgeBoundary).toEqual(previous.knowledgeBoundary);
  });

  it('keeps old list items the model dropped, without duplicating rewritten ones', () => {
    const { draft } = mergeDraft(previous, {
      relationships: ['Tom: older brother, a sailor', 'Queen: enemy'],
      sampleLines: ['"Onwards!" ', '"Curiouser and curiouser!"'],
      knowledgeBoundary: { era: '', knows: 'maps and boats', cannotKnow: ['aeroplanes'] },
    });
    expect(draft.relationships).toEqual(['Tom: older brother, a sailor', 'Queen: enemy', 'Mia: friend']);
    expect(draft.sampleLines).toEqual(['"Onwards!"', '"Curiouser and curiouser!"']);
    expect(draft.knowledgeBoundary).toEqual({ era: 'Victorian England', knows: 'maps and boats', cannotKnow: ['aeroplanes', 'the internet'] });
  });

  it('clips long values and counts list items over the limit', () => {
    const many = Array.from({ length: DRAFT_LIMITS.items + 3 }, (_, i) => `interest ${i}`);
    const { draft, droppedItems } = mergeDraft(previous, { interests: many, identity: 'x'.repeat(DRAFT_LIMITS.textChars + 10) });
    expect(draft.interests).toHaveLength(DRAFT_LIMITS.items);
    expect(droppedItems).toBe(3);
    expect([...draft.identity]).toHaveLength(DRAFT_LIMITS.textChars);
  });

  it('accepts a string for a list, ignores non-strings, unwraps {"draft": {…}}', () => {
    const { draft } = mergeDraft(previous, { draft: { catchphrases: 'Onwards!', interests: [1, null, 'maps'] } });
    expect(draft.catchphrases).toEqual(['Onwards!']);
    expect(draft.interests).toEqual(['maps']);
  });

  it('rejects JSON that is not a profile', () => {
    expect(() => mergeDraft(previous, { answer: 'I cannot help' })).toThrow(ValidationError);
  });
});

describe('parseDraftReply', () => {
  it('reads a fenced reply and rejects prose', () => {
    expect(parseDraftReply(previous, 'Updated:\n```json\n{"interests":["boats"]}\n```').draft.interests).toEqual(['boats']);
    expect(() => parseDraftReply(previous, 'Alice is brave.')).toThrow(ValidationError);
  });
});
