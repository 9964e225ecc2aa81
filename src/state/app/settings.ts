import type { EngineChoice } from '../../core/endpoint-config.ts';
import type { ExperienceDraft } from '../../core/experiences/experience-draft.ts';
import { isRecord } from '../../core/llm-output.ts';
import type { BookAttachments } from '../../core/lore/world-book.ts';
import type { CustomModelSpec } from '../../core/models/custom-model.ts';
import { isUserPersonaLibrary, type UserPersonaLibrary } from '../../core/persona/index.ts';
import type { SettingsRepository } from '../../core/repository.ts';
import type { SavedEvalSetup } from '../eval/eval-setup.svelte.ts';
import type { SemanticSettings } from '../memory/embedding-state.svelte.ts';
import type { UiSettings } from './locale.svelte.ts';
import type { ThemeChoice } from './theme.svelte.ts';

/** Every setting EGOS stores, by key (one naming style: camelCase; per-persona keys end in `:<id>`). */
export interface SettingTypes {
  /** Interface preferences (the language). */
  ui: UiSettings;
  /** The colour theme: light, dark or following the system. */
  theme: ThemeChoice;
  /** The chosen engine. */
  engine: EngineChoice;
  /** The user's self-hosted WebLLM models. */
  customModels: CustomModelSpec[];
  /** A CPU model download the page reloaded in the middle of (to allow its host). */
  cpuResume: string | null;
  /** The name the characters call the user (before "you"s: read once, to make the first one). */
  userName: string;
  /** The user's "you"s and the default one. */
  userPersonas: UserPersonaLibrary;
  /** World books attached everywhere (the global list). */
  books: BookAttachments;
  /** When persistent storage was first asked for. */
  persistAskedAt: number;
  /** Semantic memory search: on or off, and a self-hosted model host. */
  semanticSearch: SemanticSettings;
  /** The judge server last used in an evaluation. */
  evalJudge: { baseUrl: string };
  /** The first-run screen was finished or skipped: it no longer shows on its own ("Getting started" reopens it). */
  firstRunDone: boolean;
  /** A persona's last evaluation form. */
  [evalSetup: `evalSetup:${string}`]: Partial<SavedEvalSetup>;
  /** A persona's experience reconstruction under way or waiting for review (see `core/experiences/`). */
  [experienceDraft: `experienceDraft:${string}`]: ExperienceDraft | null;
}

export type SettingKey = keyof SettingTypes;

/** Settings key of a persona's last evaluation form. */
export function evalSetupKey(personaId: string): `evalSetup:${string}` {
  return `evalSetup:${personaId}`;
}

/** Settings key of a persona's experience draft. */
export function experienceDraftKey(personaId: string): `experienceDraft:${string}` {
  return `experienceDraft:${personaId}`;
}

/** Keys with a persona's id at their end. */
type PerPersonaKey = `evalSetup:${string}` | `experienceDraft:${string}`;

type Check = (value: unknown) => boolean;

const isString = (v: unknown) => typeof v === 'string';
const ENGINE_KINDS = new Set(['webllm', 'openai', 'wllama']);

/** How a stored value is checked before the app uses it (a value from an old version or a bad backup). */
const CHECKS: Record<Exclude<SettingKey, PerPersonaKey>, Check> & { evalSetup: Check; experienceDraft: Check } = {
  ui: isRecord,
  theme: (v) => v === 'system' || v === 'light' || v === 'dark',
  engine: (v) => isRecord(v) && ENGINE_KINDS.has(String(v.kind)) && (v.kind !== 'openai' || (isRecord(v.endpoint) && isString(v.endpoint.baseUrl))),
  customModels: (v) => Array.isArray(v) && v.every((m) => isRecord(m) && isString(m.id) && isString(m.modelUrl) && isString(m.libUrl)),
  cpuResume: (v) => v === null || isString(v),
  userName: isString,
  userPersonas: isUserPersonaLibrary,
  books: (v) => isRecord(v) && Array.isArray(v.global) && v.global.every(isString),
  persistAskedAt: (v) => typeof v === 'number' && Number.isFinite(v),
  semanticSearch: (v) => isRecord(v) && typeof v.enabled === 'boolean' && (v.remoteHost === undefined || isString(v.remoteHost)),
  evalJudge: (v) => isRecord(v) && isString(v.baseUrl),
  firstRunDone: (v) => typeof v === 'boolean',
  evalSetup: isRecord,
  // Read in full by the experience builder (`readExperienceDraft`), which loads with the editor.
  experienceDraft: (v) => v === null || isRecord(v),
};

/** Keys earlier versions used (four naming styles); their values move to the new key when first read. */
const LEGACY_KEYS: Partial<Record<SettingKey, string>> = {
  persistAskedAt: 'storage.persistAskedAt',
  semanticSearch: 'memory.semantic',
  evalJudge: 'eval-judge',
};

function legacyKeyOf(key: SettingKey): string | undefined {
  return key.startsWith('evalSetup:') ? `eval-setup:${key.slice('evalSetup:'.length)}` : LEGACY_KEYS[key];
}

function checkOf(key: SettingKey): Check {
  if (key.startsWith('experienceDraft:')) return CHECKS.experienceDraft;
  return key.startsWith('evalSetup:') ? CHECKS.evalSetup : CHECKS[key as Exclude<SettingKey, PerPersonaKey>];
}

/**
 * The settings store, typed: each key has one type and a check. A stored value that fails its
 * check is reported on the console and read as unset (the app then uses its default); a value
 * under a key of an earlier version is moved to its current key when first read.
 */
export class Settings {
  readonly #repo: SettingsRepository;

  constructor(repo: SettingsRepository) {
    this.#repo = repo;
  }

  async get<K extends SettingKey>(key: K): Promise<SettingTypes[K] | undefined> {
    let value = await this.#repo.get<unknown>(key);
    const legacy = legacyKeyOf(key);
    if (value === undefined && legacy !== undefined) {
      value = await this.#repo.get<unknown>(legacy);
      if (value !== undefined && checkOf(key)(value)) await this.#repo.set(key, value);
    }
    if (value === undefined) return undefined;
    if (!checkOf(key)(value)) {
      console.warn(`Ignoring the stored setting "${key}": it does not have the expected form`, value);
      return undefined;
    }
    return value as SettingTypes[K];
  }

  async set<K extends SettingKey>(key: K, value: SettingTypes[K]): Promise<void> {
    await this.#repo.set(key, value);
  }
}
