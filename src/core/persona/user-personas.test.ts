import { describe, expect, it } from 'vitest';
import { ValidationError } from '../errors/index.ts';
import type { PersonaId } from '../ids.ts';
import { createPersona, type Persona } from './persona.ts';
import { renderPersonaCore } from './persona-core.ts';
import {
  addUserPersona,
  chatUserOf,
  checkUserPersonaInput,
  EMPTY_USER_LIBRARY,
  isUserPersonaLibrary,
  MAX_USER_DESCRIPTION,
  MAX_USER_PERSONAS,
  migrateUserName,
  removeUserPersona,
  setDefaultUserPersona,
  updateUserPersona,
  withChatUser,
  type UserPersonaLibrary,
} from './user-personas.ts';

const THUMB = 'data:image/webp;base64,UklGRgAAAABXRUJQ';

const library: UserPersonaLibrary = {
  list: [
    { id: 'tom', name: 'Tom', description: 'A student of engines.', avatarThumb: THUMB },
    { id: 'rin', name: 'Rin', description: 'A ship’s doctor.' },
  ],
  defaultId: 'tom',
};

function persona(user = { name: '', description: '' }, language: 'en' | 'zh' = 'en'): Persona {
  return createPersona({ name: 'Maren', language, user }, 'maren' as PersonaId, 1);
}

describe('who the user is in a chat', () => {
  it('is the default "you" when the chat picked none and the persona names no one', () => {
    expect(chatUserOf(persona(), library)).toEqual({
      name: 'Tom',
      description: 'A student of engines.',
      avatarThumb: THUMB,
      source: 'default',
      profileId: 'tom',
    });
  });

  it('is the "you" the chat picked, over the default and over the persona\'s own name for the user', () => {
    expect(chatUserOf(persona(), library, 'rin')).toEqual({ name: 'Rin', description: 'A ship’s doctor.', source: 'chat', profileId: 'rin' });
    const captain = persona({ name: 'Captain', description: 'Commands the Gull.' });
    expect(chatUserOf(captain, library, 'rin')).toMatchObject({ name: 'Rin', description: 'A ship’s doctor.', source: 'chat' });
  });

  it("is the persona's own name for the user (with its description) over the default, with the default's picture", () => {
    const captain = persona({ name: ' Captain ', description: 'Commands the Gull.' });
    expect(chatUserOf(captain, library)).toEqual({
      name: 'Captain',
      description: 'Commands the Gull.',
      avatarThumb: THUMB,
      source: 'persona',
      profileId: 'tom',
    });
  });

  it('adds the persona\'s description of the user after the "you"\'s when the persona names no one', () => {
    const sister = persona({ name: '', description: '{{char}} is your older sister.' });
    expect(chatUserOf(sister, library).description).toBe('A student of engines.\n{{char}} is your older sister.');
    expect(chatUserOf(sister, library, 'rin').description).toBe('A ship’s doctor.\n{{char}} is your older sister.');
  });

  it('follows the default when the picked "you" was deleted, and is nobody without any', () => {
    expect(chatUserOf(persona(), library, 'gone')).toMatchObject({ name: 'Tom', source: 'default' });
    expect(chatUserOf(persona(), EMPTY_USER_LIBRARY)).toEqual({ name: '', description: '', source: 'none' });
  });

  it('fills the persona seen by the chat, so {{user}} and the prompt\'s "person you are talking to" follow, in the persona\'s language', () => {
    const maren = createPersona({ name: 'Maren', greeting: 'Welcome, {{user}}.', description: '{{user}} arrives at dawn.' }, 'maren' as PersonaId, 1);
    const seen = withChatUser(maren, chatUserOf(maren, library, 'rin'));
    expect(seen.user).toEqual({ name: 'Rin', description: 'A ship’s doctor.' });
    const core = renderPersonaCore(seen);
    expect(core).toContain('Rin arrives at dawn.');
    expect(core).toContain('## The person you are talking to: Rin\nA ship’s doctor.');
    const lin = createPersona({ name: '林晚', language: 'zh' }, 'lin' as PersonaId, 1);
    const zhCore = renderPersonaCore(withChatUser(lin, chatUserOf(lin, library, 'rin')));
    expect(zhCore).toContain('## 你的对话对象：Rin\nA ship’s doctor.');
    expect(withChatUser(seen, chatUserOf(maren, library, 'rin'))).toBe(seen);
  });
});

describe('the library of "you"s', () => {
  it('makes the name of earlier versions the default "you"', () => {
    expect(migrateUserName('  Tom \n Baker ', 'id1')).toEqual({ list: [{ id: 'id1', name: 'Tom Baker', description: '' }], defaultId: 'id1' });
    expect(migrateUserName(undefined, 'id1')).toEqual(EMPTY_USER_LIBRARY);
    expect(migrateUserName('   ', 'id1')).toEqual(EMPTY_USER_LIBRARY);
  });

  it('makes the first "you" the default, moves the default when it is deleted, and refuses unknown ids', () => {
    let lib = addUserPersona(EMPTY_USER_LIBRARY, { id: 'a', name: 'A', description: '' });
    lib = addUserPersona(lib, { id: 'b', name: 'B', description: '' });
    expect(lib.defaultId).toBe('a');
    lib = setDefaultUserPersona(lib, 'b');
    expect(lib.defaultId).toBe('b');
    expect(removeUserPersona(lib, 'b')).toEqual({ list: [{ id: 'a', name: 'A', description: '' }], defaultId: 'a' });
    expect(removeUserPersona(removeUserPersona(lib, 'a'), 'b')).toEqual(EMPTY_USER_LIBRARY);
    expect(() => setDefaultUserPersona(lib, 'zzz')).toThrow(ValidationError);
    expect(() => updateUserPersona(lib, 'zzz', { name: 'Z' })).toThrow(/no longer exists/);
  });

  it('removes a picture when the change says so', () => {
    const lib = updateUserPersona(library, 'tom', { avatarThumb: undefined });
    expect(lib.list[0]).toEqual({ id: 'tom', name: 'Tom', description: 'A student of engines.' });
    expect('avatarThumb' in (lib.list[0] ?? {})).toBe(false);
  });

  it('keeps at most a set number of "you"s', () => {
    let lib = EMPTY_USER_LIBRARY;
    for (let i = 0; i < MAX_USER_PERSONAS; i++) lib = addUserPersona(lib, { id: `u${i}`, name: `U${i}`, description: '' });
    expect(() => addUserPersona(lib, { id: 'one-more', name: 'More', description: '' })).toThrow(/already have 50/);
  });

  it('cleans input and refuses an empty name, a long name or a long description', () => {
    expect(checkUserPersonaInput({ name: ' Tom\n Baker ', description: ' tall\r\n ' })).toEqual({ name: 'Tom Baker', description: 'tall' });
    expect(() => checkUserPersonaInput({ name: '  ', description: '' })).toThrow(expect.objectContaining({ code: 'empty' }));
    expect(() => checkUserPersonaInput({ name: 'x'.repeat(41), description: '' })).toThrow(expect.objectContaining({ code: 'too-large' }));
    expect(checkUserPersonaInput({ name: '林'.repeat(40), description: '' }).name).toHaveLength(40);
    expect(() => checkUserPersonaInput({ name: 'Tom', description: 'x'.repeat(MAX_USER_DESCRIPTION + 1) })).toThrow(/under 2000 characters/);
  });

  it('recognises a stored library and refuses damaged ones', () => {
    expect(isUserPersonaLibrary(library)).toBe(true);
    expect(isUserPersonaLibrary(EMPTY_USER_LIBRARY)).toBe(true);
    expect(isUserPersonaLibrary({ list: library.list, defaultId: 'nobody' })).toBe(false);
    expect(isUserPersonaLibrary({ list: [{ id: 'x', name: 'X', description: '', avatarThumb: 'javascript:alert(1)' }], defaultId: 'x' })).toBe(false);
    expect(isUserPersonaLibrary({ list: [{ id: 'x', name: 3, description: '' }], defaultId: 'x' })).toBe(false);
    expect(isUserPersonaLibrary('Tom')).toBe(false);
  });
});
