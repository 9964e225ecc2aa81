import { describe, expect, it } from 'vitest';
import type { BookId } from '../lore/world-book.ts';
import type { PersonaId } from '../ids.ts';
import { findDuplicate, replacedPersona } from './duplicate-import.ts';
import { createPersona, type Persona } from './persona.ts';

const png = (n: number) => ({ mime: 'image/png', bytes: new Uint8Array([n]) });

function stored(id: string, name: string, creator: string, updatedAt = 1): Persona {
  return { ...createPersona({ name, creator }, id as PersonaId, 1), updatedAt };
}

describe('finding the persona an imported card duplicates', () => {
  const personas = [stored('a', 'Maren', 'Chub user kelp', 5), stored('b', 'Maren', 'someone else'), stored('c', '林黛玉', ''), stored('d', 'Ada', '')];

  it('matches the same name and creator, whatever the case, width and spacing', () => {
    expect(findDuplicate({ name: '  maren ', creator: 'chub  USER kelp' }, personas)?.id).toBe('a');
    expect(findDuplicate({ name: 'Ｍａｒｅｎ', creator: 'Chub user kelp' }, personas)?.id).toBe('a');
    expect(findDuplicate({ name: '林黛玉' }, personas)?.id).toBe('c');
    expect(findDuplicate({ name: 'Ada', creator: '' }, personas)?.id).toBe('d');
  });

  it('does not match another creator, another name, or a nameless card', () => {
    expect(findDuplicate({ name: 'Maren', creator: 'a third person' }, personas)).toBeUndefined();
    expect(findDuplicate({ name: 'Maren' }, personas)).toBeUndefined();
    expect(findDuplicate({ name: 'Ada', creator: 'Babbage' }, personas)).toBeUndefined();
    expect(findDuplicate({ name: '  ', creator: '' }, [stored('e', '', '')])).toBeUndefined();
  });

  it('picks the most recently changed one when several match', () => {
    const twins = [stored('old', 'Maren', 'kelp', 1), stored('new', 'Maren', 'kelp', 9), stored('mid', 'Maren', 'kelp', 4)];
    expect(findDuplicate({ name: 'Maren', creator: 'kelp' }, twins)?.id).toBe('new');
  });
});

describe('replacing a persona with an imported card', () => {
  const old: Persona = {
    ...createPersona(
      { name: 'Maren', creator: 'kelp', greeting: 'Old greeting.', tags: ['old'], avatar: png(1), avatarThumb: png(2), bookIds: ['b1' as BookId] },
      'keep-me' as PersonaId,
      100,
    ),
    updatedAt: 200,
  };

  it("takes the card's fields and keeps the id, the creation time and the attached books", () => {
    const next = replacedPersona(old, { name: 'Maren', creator: 'kelp', greeting: 'New greeting.', tags: ['new'], bookIds: ['b2' as BookId] }, 300);
    expect(next).toMatchObject({ id: 'keep-me', createdAt: 100, updatedAt: 300, greeting: 'New greeting.', tags: ['new'] });
    expect(next.bookIds).toEqual(['b1', 'b2']);
  });

  it('keeps the picture when the new card has none, and takes the new one (with its thumbnail) when it has one', () => {
    expect(replacedPersona(old, { name: 'Maren' }, 300)).toMatchObject({ avatar: png(1), avatarThumb: png(2) });
    const withPicture = replacedPersona(old, { name: 'Maren', avatar: png(3), avatarThumb: png(4) }, 300);
    expect(withPicture).toMatchObject({ avatar: png(3), avatarThumb: png(4) });
    const undecodable = replacedPersona(old, { name: 'Maren', avatar: png(5) }, 300);
    expect(undecodable.avatar).toEqual(png(5));
    expect(undecodable.avatarThumb).toBeUndefined();
  });
});
