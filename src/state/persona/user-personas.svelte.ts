import { type ImageThumbnailer, imageDataUrl } from '../../core/avatar.ts';
import type { Chat } from '../../core/chat.ts';
import { newId } from '../../core/ids.ts';
import {
  addUserPersona,
  chatUserOf,
  checkUserPersonaInput,
  defaultUserPersona,
  EMPTY_USER_LIBRARY,
  migrateUserName,
  removeUserPersona,
  setDefaultUserPersona,
  updateUserPersona,
  withChatUser,
  type ChatUser,
  type Persona,
  type UserPersonaInput,
  type UserPersonaLibrary,
  type UserPersonaProfile,
} from '../../core/persona/index.ts';
import type { SettingsRepository } from '../../core/repository.ts';
import { Settings } from '../app/settings.ts';
import { readAvatarFile } from './avatar-files.ts';
import type { PickedFile } from './card-transfer.svelte.ts';

/**
 * The user's "you"s (the `userPersonas` setting): who the characters talk to, with the rules
 * of `core/persona/user-personas.ts` for which one a chat uses. Before the first chat, when
 * there is none and the persona names no one, the persona page asks for a name (`asking`), which
 * becomes the first, default "you". Every change re-reads the stored library first, so a change
 * made in another tab is not lost.
 */
export class UserPersonas {
  library = $state.raw<UserPersonaLibrary>(EMPTY_USER_LIBRARY);
  /** True while a chat waits for the user to give a name. */
  asking = $state(false);
  #settings: Settings;
  #thumbnailer: ImageThumbnailer | undefined;

  constructor(settings: SettingsRepository, thumbnailer?: ImageThumbnailer) {
    this.#settings = new Settings(settings);
    this.#thumbnailer = thumbnailer;
  }

  /** Reads the library; the first time, the single name of earlier versions becomes the default "you". */
  async load(): Promise<void> {
    this.library = await this.#read();
  }

  async #read(): Promise<UserPersonaLibrary> {
    const stored = await this.#settings.get('userPersonas');
    if (stored) return stored;
    const migrated = migrateUserName(await this.#settings.get('userName'), newId());
    if (migrated.list.length > 0) await this.#settings.set('userPersonas', migrated);
    return migrated;
  }

  /** Every "you", in the order they were added. */
  get list(): UserPersonaProfile[] {
    return this.library.list;
  }

  /** The default "you", if any. */
  get defaultProfile(): UserPersonaProfile | undefined {
    return defaultUserPersona(this.library);
  }

  /** Who the user is in `chat` (or in a new chat) with `persona`. */
  chatUser(persona: Persona, chat?: Pick<Chat, 'userPersonaId'>): ChatUser {
    return chatUserOf(persona, this.library, chat?.userPersonaId);
  }

  /** The name the characters call the user in `chat` with `persona` ('' when none is known yet). */
  nameFor(persona: Persona, chat?: Pick<Chat, 'userPersonaId'>): string {
    return this.chatUser(persona, chat).name;
  }

  /** The persona as `chat` sees it, with its user filled in. */
  apply(persona: Persona, chat?: Pick<Chat, 'userPersonaId'>): Persona {
    return withChatUser(persona, this.chatUser(persona, chat));
  }

  /**
   * Adds a "you" (the first becomes the default).
   * @throws ValidationError for an empty or overlong name or description, or a full library (nothing is stored).
   * @throws StorageError when it cannot be saved.
   */
  async add(input: UserPersonaInput): Promise<UserPersonaProfile> {
    const profile: UserPersonaProfile = { id: newId(), ...checkUserPersonaInput(input) };
    await this.#change((library) => addUserPersona(library, profile));
    return profile;
  }

  /**
   * Saves a "you"'s name and description.
   * @throws ValidationError for bad input or a "you" deleted meanwhile. @throws StorageError
   */
  async update(id: string, input: UserPersonaInput): Promise<void> {
    const clean = checkUserPersonaInput(input);
    await this.#change((library) => updateUserPersona(library, id, clean));
  }

  /** Deletes a "you"; chats that used it follow the default. @throws StorageError */
  async remove(id: string): Promise<void> {
    await this.#change((library) => removeUserPersona(library, id));
  }

  /** Makes a "you" the default. @throws ValidationError when it was deleted meanwhile. @throws StorageError */
  async makeDefault(id: string): Promise<void> {
    await this.#change((library) => setDefaultUserPersona(library, id));
  }

  /**
   * Sets a "you"'s picture from a picked file (only its thumbnail is kept).
   * @throws ValidationError naming the file and the problem (nothing changes). @throws StorageError
   */
  async setPicture(id: string, file: PickedFile): Promise<void> {
    const { thumb } = await readAvatarFile(file, this.#thumbnailer);
    await this.#change((library) => updateUserPersona(library, id, { avatarThumb: imageDataUrl(thumb) }));
  }

  /** Removes a "you"'s picture (its initial shows again). @throws StorageError */
  async removePicture(id: string): Promise<void> {
    await this.#change((library) => updateUserPersona(library, id, { avatarThumb: undefined }));
  }

  /**
   * The answer to the first chat's question: the name becomes the first, default "you".
   * @throws ValidationError for an empty or overlong name (nothing is stored). @throws StorageError
   */
  async saveFirstName(name: string): Promise<void> {
    await this.add({ name, description: '' });
    this.asking = false;
  }

  async #change(change: (library: UserPersonaLibrary) => UserPersonaLibrary): Promise<void> {
    const next = change(await this.#read());
    await this.#settings.set('userPersonas', next);
    this.library = next;
  }
}
