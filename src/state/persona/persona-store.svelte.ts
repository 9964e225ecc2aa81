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

  /** Saves changes to a persona. @throws StorageError */
  async update(persona: Persona): Promise<void> {
    const next = { ...persona, updatedAt: this.#services.now() };
    await this.#services.repo.personas.put(next);
    this.list = [next, ...this.list.filter((p) => p.id !== persona.id)];
  }

  /** Deletes a persona with its chats, messages and memories. @throws StorageError */
  async remove(id: PersonaId): Promise<void> {
    await this.#services.repo.personas.delete(id);
    this.list = this.list.filter((p) => p.id !== id);
  }
}
