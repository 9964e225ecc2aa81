import type { EngineChoice } from '../endpoint-config.ts';
import { EngineError } from '../errors/index.ts';
import { msg, type Message } from '../i18n/message.ts';
import type { LlmEngine } from '../llm-engine.ts';
import type { CustomModelSpec } from './custom-model.ts';
import type { ModelInfo } from './model-info.ts';

/**
 * Engine providers: one object per kind of engine (WebLLM on the GPU with the user's self-hosted
 * builds, the CPU engine, the user's own server), gathered in one registry. The state layer asks
 * the provider of a choice for everything that differs between kinds, so a new kind of engine is
 * added by writing one provider and naming it in the registry (src/main.ts).
 */

/** The kinds of engine, as saved in an {@link EngineChoice}. */
export type EngineKind = EngineChoice['kind'];

/** The saved choice of one kind. */
export type ChoiceOf<K extends EngineKind> = Extract<EngineChoice, { kind: K }>;

/** What to do at start-up with a saved choice of this kind. */
export type StartAction =
  /** Connect again (a server), and keep trying while it does not answer. */
  | 'connect'
  /** Load again when the model is completely downloaded; never download on its own. */
  | 'load-if-cached'
  /** Nothing: the user presses Load (a GPU download is large and the device may have changed). */
  | 'wait';

/** The models an engine kind keeps on this device. */
export interface ModelStore {
  /** The models this kind offers, with the self-hosted ones; absent when the list is fixed in core (the CPU catalogue). */
  list?(custom: readonly CustomModelSpec[]): Promise<ModelInfo[]>;
  /** Whether the model's files are completely downloaded. */
  isCached(modelId: string, custom: readonly CustomModelSpec[]): Promise<boolean>;
  /** Deletes the model's (possibly partial) downloaded files. @throws EngineError when the cache cannot be changed. */
  remove(modelId: string, custom: readonly CustomModelSpec[]): Promise<void>;
}

/** Everything about one kind of engine that the app needs. */
export interface EngineProvider<K extends EngineKind = EngineKind> {
  readonly kind: K;
  readonly atStart: StartAction;
  /** Builds an engine for the choice; its code loads on first use. @throws EngineError when that code cannot be loaded. */
  create(choice: ChoiceOf<K>, custom: readonly CustomModelSpec[]): Promise<LlmEngine>;
  /** The model id the engine loads for the choice. */
  modelId(choice: ChoiceOf<K>): string;
  /** What the header shows while the choice is loaded. */
  label(choice: ChoiceOf<K>): Message;
  /** Tokens the model reads at once; `models`: the kind's model list as last read. */
  contextWindow(choice: ChoiceOf<K>, models: readonly ModelInfo[]): number;
  /** Addresses the page must be allowed to reach for this choice (the connect policy). */
  connectUrls(choice: ChoiceOf<K>): string[];
  /** True when the conversation is sent to another machine. */
  leavesDevice(choice: ChoiceOf<K>): boolean;
  /** Downloaded models: absent for a kind that keeps none (a server). */
  readonly models?: ModelStore;
  /** Checks a self-hosted model's files and reads its config; absent for kinds without self-hosted models. @throws EngineError naming the missing file. */
  checkCustom?(spec: CustomModelSpec): Promise<CustomModelSpec>;
}

/** The registry: the provider of each kind. */
export type EngineProviders = { readonly [K in EngineKind]: EngineProvider<K> };

/** The provider of the choice's kind, typed for that choice. */
export function providerOf<K extends EngineKind>(providers: EngineProviders, choice: ChoiceOf<K>): EngineProvider<K> {
  return providers[choice.kind] as unknown as EngineProvider<K>;
}

/** Window assumed when nothing says otherwise (all web-llm Qwen builds use 4096). */
export const DEFAULT_CONTEXT_WINDOW = 4096;

/**
 * A part of the app (an engine's code) loaded on first use; a failed load (offline before first
 * use) says what to do.
 * @throws EngineError `engine-failed` when the part cannot be loaded.
 */
export async function loadOnFirstUse<T>(load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    throw new EngineError('engine-failed', msg('engine.partNotLoaded'), { cause: error });
  }
}
