import { type ImageThumbnailer, makeThumbnail } from '../../core/avatar.ts';
import { ValidationError } from '../../core/errors/index.ts';
import { newId, type PersonaId } from '../../core/ids.ts';
import { createPersona, type Persona, type PersonaInit } from '../../core/persona/index.ts';
import type { AppServices } from '../app/services.ts';

/** The persona list, kept in sync with storage. */
export class PersonaStore {
  list = $state.raw<Persona[]>([]);
  loaded = $state(false);
  #services: Pick<AppServices, 'repo' | 'now'>;

  constructor(services: Pick<AppServices, 'repo' | 'now'>) {
    this.#services = services;
  }

  async load(): Promise<void> {
    this.list = await this.#services.repo.personas.list();
    this.loaded = true;
  }

  get(id: PersonaId): Persona | undefined {
    return this.list.find((p) => p.id === id);
  }

  /** Creates and stores a persona. @throws StorageError, ValidationError */
  async create(init: PersonaInit): Promise<Persona> {
    const persona = createPersona(init, newId<PersonaId>(), this.#services.now());
    await this.#services.repo.personas.put(persona);
    this.list = [persona, ...this.list];
    return persona;
  }

  /** Stores a complete persona made elsewhere (a starter character) at the top of the list. @throws StorageError */
  async add(persona: Persona): Promise<void> {
    await this.#services.repo.personas.put(persona);
    this.list = [persona, ...this.list.filter((p) => p.id !== persona.id)];
  }

  /** Saves changes to a persona. @throws StorageError */
  async update(persona: Persona): Promise<void> {
    const next = { ...persona, updatedAt: this.#services.now() };
    await this.#services.repo.personas.put(next);
    this.list = [next, ...this.list.filter((p) => p.id !== persona.id)];
  }

  /**
   * Makes the missing thumbnails of personas that have a picture (imported before thumbnails
   * existed, or restored from an older backup). Their `updatedAt` stays: nothing the user wrote
   * changed. A picture that cannot be decoded is left without one (its initial shows) and
   * reported on the console. @throws StorageError
   */
  async addMissingThumbnails(thumbnailer: ImageThumbnailer): Promise<number> {
    let made = 0;
    for (const persona of this.list.filter((p) => p.avatar && !p.avatarThumb)) {
      let avatarThumb: Persona['avatarThumb'];
      try {
        avatarThumb = await makeThumbnail(persona.avatar!, thumbnailer);
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        console.warn(`No thumbnail for the picture of "${persona.name}": ${error.message}`);
        continue;
      }
      const stored = await this.#services.repo.personas.get(persona.id);
      if (!stored || stored.avatarThumb || stored.updatedAt !== persona.updatedAt) continue;
      const next = { ...stored, avatarThumb };
      await this.#services.repo.personas.put(next);
      this.list = this.list.map((p) => (p.id === next.id ? next : p));
      made++;
    }
    return made;
  }

  /** Deletes a persona with its chats, messages and memories. @throws StorageError */
  async remove(id: PersonaId): Promise<void> {
    await this.#services.repo.personas.delete(id);
    this.list = this.list.filter((p) => p.id !== id);
  }
}
