import { ValidationError } from '../../core/errors/index.ts';
import { msg } from '../../core/i18n/message.ts';
import type { Persona } from '../../core/persona/index.ts';
import type { SettingsRepository } from '../../core/repository.ts';
import { Settings } from '../app/settings.ts';

/** Longest name the user may give. */
const MAX_NAME = 40;

/**
 * The user as the characters know them: a name, asked once in plain words before the first
 * chat and changeable later. It replaces `{{user}}` in card text and labels the user's lines in
 * prompts; a persona's own "person you are talking to" name wins for that persona.
 */
export class UserProfile {
  name = $state('');
  /** True while a chat waits for the user to give a name. */
  asking = $state(false);
  #settings: SettingsRepository;

  constructor(settings: SettingsRepository) {
    this.#settings = settings;
  }

  async load(): Promise<void> {
    this.name = (await new Settings(this.#settings).get('userName')) ?? '';
  }

  /** The name a persona's chats use: the persona's own user name, else the user's. */
  nameFor(persona: Persona): string {
    return persona.user.name.trim() || this.name;
  }

  /** The persona as its chats see it, with the user's name filled in. */
  apply(persona: Persona): Persona {
    const name = this.nameFor(persona);
    return name === persona.user.name ? persona : { ...persona, user: { ...persona.user, name } };
  }

  /**
   * Saves the user's name.
   * @throws ValidationError when it is empty or too long (nothing is stored then).
   * @throws StorageError when it cannot be saved.
   */
  async save(name: string): Promise<void> {
    const clean = name.replace(/\s+/g, ' ').trim();
    if (clean === '') throw new ValidationError('empty', msg('profile.error.empty'));
    if ([...clean].length > MAX_NAME) throw new ValidationError('too-large', msg('profile.error.tooLong', { max: MAX_NAME }));
    await new Settings(this.#settings).set('userName', clean);
    this.name = clean;
    this.asking = false;
  }
}
