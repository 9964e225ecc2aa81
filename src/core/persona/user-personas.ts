/**
 * The user's "you"s: a small library of the people the user plays (a name, a description, a
 * picture), one of them the default, and which one a chat uses. Pure: the state layer keeps the
 * library in the `userPersonas` setting and calls these.
 *
 * Who the user is in a chat ({@link chatUserOf}), first match wins:
 * 1. the "you" picked in the chat (`Chat.userPersonaId`): an explicit choice for this chat;
 * 2. the persona's own name for the user (editor: "The person you are talking to"), with its
 *    own description: the role this character's story gives the user, as before "you"s existed;
 * 3. the default "you";
 * 4. nobody yet (prompts then say "Me"; the first New chat asks for a name).
 * The persona's own description of the user belongs to its own name: with rule 1 it is added
 * only when the persona names no one, with rule 3 always (after the "you"'s description). The
 * picture is always the "you"'s in use (the chat's, else the default), even under the persona's
 * own name: it shows the human at the keyboard; without one, the initial of the name shown.
 */
import { isThumbDataUrl } from '../avatar.ts';
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { Persona } from './persona.ts';

/** One "you": who the user plays. */
export interface UserPersonaProfile {
  id: string;
  name: string;
  /** What the characters know about this "you" (goes into the prompt). */
  description: string;
  /** A thumbnail as a `data:` URL (kept in the settings, so it must be JSON). */
  avatarThumb?: string;
}

/** Every "you" and which one new chats use. */
export interface UserPersonaLibrary {
  list: UserPersonaProfile[];
  /** The default "you"; null only when the list is empty. */
  defaultId: string | null;
}

/** Longest name of a "you" (characters). */
export const MAX_USER_NAME = 40;
/** Longest description of a "you" (characters): a short paragraph, it is in every prompt. */
export const MAX_USER_DESCRIPTION = 2000;
/** Most "you"s kept. */
export const MAX_USER_PERSONAS = 50;

/** A library with no "you" yet. */
export const EMPTY_USER_LIBRARY: UserPersonaLibrary = { list: [], defaultId: null };

/** What the user types for a "you". */
export interface UserPersonaInput {
  name: string;
  description: string;
}

/**
 * The input cleaned (the name on one line, spaces collapsed; the description trimmed).
 * @throws ValidationError (`empty`, `too-large`) naming the problem.
 */
export function checkUserPersonaInput(input: UserPersonaInput): UserPersonaInput {
  const name = input.name.replace(/\s+/g, ' ').trim();
  const description = input.description.replace(/\r\n?/g, '\n').trim();
  if (name === '') throw new ValidationError('empty', msg('profile.error.empty'));
  if ([...name].length > MAX_USER_NAME) throw new ValidationError('too-large', msg('profile.error.tooLong', { max: MAX_USER_NAME }));
  if ([...description].length > MAX_USER_DESCRIPTION) {
    throw new ValidationError('too-large', msg('you.error.descriptionTooLong', { max: MAX_USER_DESCRIPTION }));
  }
  return { name, description };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** True when `value` has the shape of a {@link UserPersonaLibrary} (a stored setting, a restored backup). */
export function isUserPersonaLibrary(value: unknown): value is UserPersonaLibrary {
  if (!isRecord(value) || !Array.isArray(value.list)) return false;
  const ok = value.list.every(
    (p) =>
      isRecord(p) &&
      typeof p.id === 'string' &&
      typeof p.name === 'string' &&
      typeof p.description === 'string' &&
      (p.avatarThumb === undefined || isThumbDataUrl(p.avatarThumb)),
  );
  return ok && (value.defaultId === null || (typeof value.defaultId === 'string' && value.list.some((p) => isRecord(p) && p.id === value.defaultId)));
}

/** The library made from the single name earlier versions kept (`userName`): that name becomes the default "you". */
export function migrateUserName(userName: string | undefined, id: string): UserPersonaLibrary {
  const name = (userName ?? '').replace(/\s+/g, ' ').trim();
  if (name === '') return EMPTY_USER_LIBRARY;
  return { list: [{ id, name, description: '' }], defaultId: id };
}

/** The default "you", if any. */
export function defaultUserPersona(library: UserPersonaLibrary): UserPersonaProfile | undefined {
  return library.list.find((p) => p.id === library.defaultId);
}

/**
 * Adds a "you"; the first one becomes the default.
 * @throws ValidationError (`too-large`) when the library is full.
 */
export function addUserPersona(library: UserPersonaLibrary, profile: UserPersonaProfile): UserPersonaLibrary {
  if (library.list.length >= MAX_USER_PERSONAS) throw new ValidationError('too-large', msg('you.error.tooMany', { max: MAX_USER_PERSONAS }));
  return { list: [...library.list, profile], defaultId: library.defaultId ?? profile.id };
}

function requireProfile(library: UserPersonaLibrary, id: string): UserPersonaProfile {
  const found = library.list.find((p) => p.id === id);
  if (!found) throw new ValidationError('invalid', msg('you.error.gone'));
  return found;
}

/**
 * Changes one "you" (name, description, picture; `avatarThumb: undefined` removes the picture).
 * @throws ValidationError (`invalid`) when it no longer exists.
 */
export function updateUserPersona(library: UserPersonaLibrary, id: string, changes: Partial<Omit<UserPersonaProfile, 'id'>>): UserPersonaLibrary {
  const next: UserPersonaProfile = { ...requireProfile(library, id), ...changes, id };
  if (next.avatarThumb === undefined) delete next.avatarThumb;
  return { ...library, list: library.list.map((p) => (p.id === id ? next : p)) };
}

/** Removes a "you"; when it was the default, the first one left becomes the default. Chats that used it follow the default. */
export function removeUserPersona(library: UserPersonaLibrary, id: string): UserPersonaLibrary {
  const list = library.list.filter((p) => p.id !== id);
  const defaultId = list.some((p) => p.id === library.defaultId) ? library.defaultId : (list[0]?.id ?? null);
  return { list, defaultId };
}

/**
 * Makes a "you" the default for chats that did not pick one.
 * @throws ValidationError (`invalid`) when it no longer exists.
 */
export function setDefaultUserPersona(library: UserPersonaLibrary, id: string): UserPersonaLibrary {
  requireProfile(library, id);
  return { ...library, defaultId: id };
}

/** Which rule chose the user of a chat (see the module comment). */
export type ChatUserSource = 'chat' | 'persona' | 'default' | 'none';

/** Who the user is in one chat: the name for `{{user}}` and the speaker label, what the prompt says about them, their picture. */
export interface ChatUser {
  name: string;
  description: string;
  /** The picture of the "you" in use, as a `data:` URL. */
  avatarThumb?: string;
  source: ChatUserSource;
  /** The "you" in use (the chat's, else the default), if any. */
  profileId?: string;
}

function joinDescriptions(...parts: string[]): string {
  return parts
    .map((p) => p.trim())
    .filter((p) => p !== '')
    .join('\n');
}

/**
 * Who the user is in a chat with `persona`: the chat's "you" (`chatUserPersonaId`, ignored when
 * that "you" was deleted), else the persona's own name for the user, else the default "you".
 * See the module comment for the rules.
 */
export function chatUserOf(persona: Pick<Persona, 'user'>, library: UserPersonaLibrary, chatUserPersonaId?: string): ChatUser {
  const own = { name: persona.user.name.trim(), description: persona.user.description };
  const picked = chatUserPersonaId === undefined ? undefined : library.list.find((p) => p.id === chatUserPersonaId);
  const fallback = defaultUserPersona(library);
  const inUse = picked ?? fallback;
  const picture = inUse?.avatarThumb === undefined ? {} : { avatarThumb: inUse.avatarThumb };
  const id = inUse ? { profileId: inUse.id } : {};
  if (picked) {
    return { name: picked.name, description: joinDescriptions(picked.description, own.name ? '' : own.description), source: 'chat', ...picture, ...id };
  }
  if (own.name) return { name: own.name, description: joinDescriptions(own.description), source: 'persona', ...picture, ...id };
  if (fallback) return { name: fallback.name, description: joinDescriptions(fallback.description, own.description), source: 'default', ...picture, ...id };
  return { name: '', description: joinDescriptions(own.description), source: 'none' };
}

/** The persona as a chat sees it: `user` is the chat's user (the same object when nothing changes). */
export function withChatUser(persona: Persona, user: ChatUser): Persona {
  if (persona.user.name === user.name && persona.user.description === user.description) return persona;
  return { ...persona, user: { name: user.name, description: user.description } };
}
