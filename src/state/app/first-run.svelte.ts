import type { PersonaId } from '../../core/ids.ts';
import { msg, type Message } from '../../core/i18n/message.ts';
import { firstModel, secondsLeft, type FirstModel, type ProgressSample } from '../../core/models/first-model.ts';
import type { Persona } from '../../core/persona/index.ts';
import type { SettingsRepository } from '../../core/repository.ts';
import type { EngineState } from '../engine/engine-state.svelte.ts';
import type { StarterCharacters } from '../persona/starter-characters.svelte.ts';
import { errorMessage } from './error-message.ts';
import { Settings } from './settings.ts';

/** What the first-run screen works with: the app's engine, personas and starters, and the app's way to open a chat and close the screen. */
export interface FirstRunDeps {
  engine: EngineState;
  personas: { readonly list: readonly Persona[] };
  starters: Pick<StarterCharacters, 'add' | 'dismiss' | 'error'>;
  settings: SettingsRepository;
  now: () => number;
  /** Asks the browser once to keep the download (persistent storage); may do nothing. */
  requestStorage?: () => Promise<void>;
  /**
   * Opens a new chat with the persona. `userName` (from the screen; may be empty) becomes what the
   * characters call the user when the app does not know it yet; without one the app asks first.
   */
  openChat: (personaId: PersonaId, userName: string) => Promise<void>;
  /** Closes the screen: the persona list shows. */
  close: () => void;
}

/** The download of the first model as the screen shows it: how far, how much, and the time left (null until it can be estimated). */
export interface FirstDownload {
  model: FirstModel;
  fraction: number;
  loadedMB: number;
  secondsLeft: number | null;
}

/**
 * The first-run screen: on a first visit (no personas, no engine ever chosen, the screen never
 * finished or skipped; see `AppState.init`) or reopened with "Getting started". *Start* downloads
 * the model this device runs best ({@link firstModel}: the recommended GPU model, else the CPU
 * engine); meanwhile the user picks a starter character, imports a card or writes one (a persona
 * made while the screen is open counts as picked). Once a model is ready (or the user's own
 * server is connected, which counts as the model) and a character is picked, {@link open} marks
 * the first run done and opens a chat with the character's greeting. *Skip* marks it done too.
 */
export class FirstRun {
  /** The model Start downloaded (null before Start). */
  started = $state.raw<FirstModel | null>(null);
  /** The name of the starter being added. */
  adding = $state<string | null>(null);
  /** What went wrong last (picking a starter, finishing), to show until the next action. */
  error = $state.raw<Message | null>(null);
  #pickedId = $state<PersonaId | null>(null);
  #opening = $state(false);
  /** The GPU models were listed (an empty list is an answer too). */
  #listed = $state(false);
  #deps: FirstRunDeps;
  #settings: Settings;
  /** Personas made from this time on (imported or written while the screen is open) count as picked. */
  #openedAt: number;
  /** The first progress reading of the current download, for the time left. */
  #first: ProgressSample | null = null;

  constructor(deps: FirstRunDeps) {
    this.#deps = deps;
    this.#settings = new Settings(deps.settings);
    this.#openedAt = deps.now();
  }

  /** The model Start would download on this device; null while the device is being checked (or its GPU models listed). */
  readonly plan: FirstModel | null = $derived.by(() => {
    const engine = this.#deps.engine;
    if (!engine.device || (engine.device.webgpu && engine.models.length === 0 && !this.#listed)) return null;
    return firstModel(engine.device, engine.models);
  });

  /** The character the chat will be with: the one picked here, else the newest persona made since the screen opened. */
  readonly persona: Persona | null = $derived.by(() => {
    const list = this.#deps.personas.list;
    const picked = this.#pickedId === null ? undefined : list.find((p) => p.id === this.#pickedId);
    if (picked) return picked;
    const made = list.filter((p) => p.createdAt >= this.#openedAt).sort((a, b) => b.createdAt - a.createdAt);
    return made[0] ?? null;
  });

  /** A model (or the user's server) is ready. */
  readonly modelReady: boolean = $derived.by(() => this.#deps.engine.status === 'ready');

  /** What the characters should call the user, typed on the screen (optional): given, the first chat opens without asking. */
  userName = $state('');
  /** Both halves are there: the chat can open (the screen opens it as soon as this turns true). */
  readonly readyToOpen: boolean = $derived(this.modelReady && this.persona !== null && !this.#opening);

  /** The download Start began, while it runs: fraction, megabytes so far and the time left. */
  readonly download: FirstDownload | null = $derived.by(() => {
    const engine = this.#deps.engine;
    const model = this.started;
    if (!model || engine.status !== 'loading' || engine.choice?.kind !== model.engine) return null;
    const fraction = Math.min(1, Math.max(0, engine.progress?.fraction ?? 0));
    const latest = { at: this.#deps.now(), fraction };
    // Not reactive state: the first reading with bytes flowing (set-up time would skew the rate), kept to measure it.
    if (fraction > 0 && (this.#first === null || fraction < this.#first.fraction)) this.#first = latest;
    return { model, fraction, loadedMB: Math.round(fraction * model.downloadMB), secondsLeft: this.#first ? secondsLeft(this.#first, latest) : null };
  });

  /** True when the persona is the one picked or made here. */
  isPicked(personaId: PersonaId): boolean {
    return this.persona?.id === personaId;
  }

  /** Lists the GPU models once the device is known (the plan needs them on a WebGPU device). */
  async prepare(): Promise<void> {
    const engine = this.#deps.engine;
    if (!engine.device || this.#listed) return;
    if (engine.device.webgpu && engine.models.length === 0) await engine.refreshModels();
    this.#listed = true;
  }

  /** Downloads and loads {@link plan}'s model with the engine (progress and errors show on the engine state). */
  async start(): Promise<void> {
    const plan = this.plan;
    if (!plan) return;
    this.error = null;
    this.started = plan;
    this.#first = null;
    void this.#deps.requestStorage?.();
    const engine = this.#deps.engine;
    if (plan.engine === 'webllm') await engine.loadWebLlm(plan.modelId);
    else await engine.loadCpu(plan.modelId);
  }

  /** Stops the download (what was downloaded stays cached for the next Start). */
  cancel(): void {
    this.#deps.engine.cancel();
  }

  /** Adds the starter character `name` (once: an existing one with that name is picked) and picks it. */
  async pickStarter(name: string): Promise<void> {
    if (this.adding !== null) return;
    this.adding = name;
    this.error = null;
    try {
      const starters = this.#deps.starters;
      await starters.add(name);
      if (starters.error) {
        this.error = starters.error;
        return;
      }
      starters.dismiss();
      const persona = this.#deps.personas.list.find((p) => p.name === name);
      if (!persona) {
        this.error = msg('common.personaGone');
        return;
      }
      this.#pickedId = persona.id;
    } finally {
      this.adding = null;
    }
  }

  /** Marks the first run done and opens a chat with the picked character (nothing when none is picked). */
  async open(): Promise<void> {
    const persona = this.persona;
    if (!persona || this.#opening) return;
    this.#opening = true;
    try {
      await this.#finish();
      await this.#deps.openChat(persona.id, this.userName.trim());
    } catch (error) {
      this.error = errorMessage(error);
    } finally {
      this.#opening = false;
    }
  }

  /** Marks the first run done and shows the persona list. */
  async skip(): Promise<void> {
    try {
      await this.#finish();
    } catch (error) {
      this.error = errorMessage(error);
    }
  }

  async #finish(): Promise<void> {
    await this.#settings.set('firstRunDone', true);
    this.#deps.close();
  }
}
