import { describe, expect, it } from 'vitest';
import { countText, pickCounts } from './count-text.ts';

describe('countText', () => {
  it('lists non-zero counts with singular and plural names', () => {
    expect(countText({ personas: 1, chats: 2, messages: 0, memories: 1, settings: 0, evalRuns: 2 })).toBe('1 persona, 2 chats, 1 memory, 2 evaluation runs');
    expect(countText({ personas: 0, chats: 0, messages: 0, memories: 0, settings: 0, evalRuns: 0 }, 'nothing new')).toBe('nothing new');
  });

  it('picks one side of restore counts', () => {
    const side = { added: 1, kept: 2 };
    expect(pickCounts({ personas: side, chats: side, messages: side, memories: side, settings: side, evalRuns: side }, 'kept').chats).toBe(2);
  });
});
