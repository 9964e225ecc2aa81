import { describe, expect, it } from 'vitest';
import { attachedBooks, createWorldBook, entryMatches, newLoreEntry, type BookId } from './world-book.ts';

const id = (s: string) => s as BookId;

describe('attachedBooks', () => {
  it('lists global, persona and chat books once each, with every place they are attached', () => {
    expect(attachedBooks({ global: [id('a'), id('b')] }, { bookIds: [id('b'), id('c')] }, { bookIds: [id('c'), id('d'), id('d')] })).toEqual([
      { id: 'a', sources: ['global'] },
      { id: 'b', sources: ['global', 'persona'] },
      { id: 'c', sources: ['persona', 'chat'] },
      { id: 'd', sources: ['chat'] },
    ]);
  });

  it('works without any attachment and without a chat', () => {
    expect(attachedBooks({ global: [] }, {}, null)).toEqual([]);
  });
});

describe('entryMatches (searching a book)', () => {
  const queen = newLoreEntry('1', { keys: ['Maelis', 'queen'], secondaryKeys: ['throne'], comment: 'Queen Maelis', content: 'She rules from Silverkeep.' });
  const teahouse = newLoreEntry('2', { keys: ['月影茶馆'], content: '月影茶馆开在银堡码头边，老板娘只收铜币。' });

  it('matches keys, secondary keys, comment and content, any case, every word', () => {
    expect(entryMatches(queen, 'maelis')).toBe(true);
    expect(entryMatches(queen, 'THRONE')).toBe(true);
    expect(entryMatches(queen, 'silverkeep rules')).toBe(true);
    expect(entryMatches(queen, 'silverkeep dragon')).toBe(false);
    expect(entryMatches(queen, '  ')).toBe(true);
  });

  it('matches Chinese inside sentences, and full-width letters like half-width ones', () => {
    expect(entryMatches(teahouse, '码头')).toBe(true);
    expect(entryMatches(teahouse, '铜币 茶馆')).toBe(true);
    expect(entryMatches(teahouse, '金币')).toBe(false);
    expect(entryMatches(queen, 'ＭＡＥＬＩＳ')).toBe(true);
  });
});

describe('createWorldBook and newLoreEntry', () => {
  it('fill the defaults', () => {
    expect(createWorldBook({ name: 'Eldoria' }, id('b'), 7)).toEqual({
      id: 'b',
      name: 'Eldoria',
      description: '',
      entries: [],
      extra: {},
      createdAt: 7,
      updatedAt: 7,
    });
    expect(newLoreEntry('e')).toMatchObject({ id: 'e', enabled: true, constant: false, insertionOrder: 100, keys: [], extra: {} });
  });
});
