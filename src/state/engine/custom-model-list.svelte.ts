import { parseCustomModelInput, type CustomModelInput, type CustomModelSpec } from '../../core/models/custom-model.ts';
import { errorText } from '../app/error-text.ts';
import type { AppServices } from '../app/services.ts';
import { inUiLanguage } from '../app/ui-language.ts';
import { Settings } from '../app/settings.ts';

/** What the self-hosted model list needs from the engine state that owns it. */
export interface CustomModelHost {
  /** True when a model with this id is already offered (and is not self-hosted). */
  isBuiltIn(modelId: string): boolean;
  /** Saves and reloads when the page's connect policy does not allow these URLs yet; true if it reloads. */
  reloadToAllow(urls: string[]): Promise<boolean>;
  /** Re-reads the model list (fit, cache state). */
  refresh(): Promise<void>;
  /** Deletes a model's cached files (unloading it first when in use). */
  deleteCached(modelId: string): Promise<void>;
}

/** The user's self-hosted WebLLM models: added after their files are checked, persisted in settings. */
export class CustomModelList {
  list = $state.raw<CustomModelSpec[]>([]);
  /** User-facing text of the last failed add. */
  error = $state<string | null>(null);
  #services: Pick<AppServices, 'repo' | 'checkCustomWebLlmModel'>;
  #host: CustomModelHost;

  constructor(services: Pick<AppServices, 'repo' | 'checkCustomWebLlmModel'>, host: CustomModelHost) {
    this.#services = services;
    this.#host = host;
  }

  /** A plain copy of the list, for the engine adapters. */
  snapshot(): CustomModelSpec[] {
    return $state.snapshot(this.list);
  }

  /** Reads the saved list; models added just before a reload are checked now. */
  async load(): Promise<void> {
    this.list = (await new Settings(this.#services.repo.settings).get('customModels')) ?? [];
  }

  /** Checks the models saved before a reload and not checked yet. */
  async checkPending(): Promise<void> {
    for (const spec of this.list.filter((c) => !c.checked)) await this.#check(spec);
  }

  /**
   * Adds a self-hosted model after checking its files. When its host is not yet allowed by the
   * page's security policy, the model is saved and the page reloads; the check runs after.
   */
  async add(input: CustomModelInput, pageUrl: string): Promise<boolean> {
    this.error = null;
    try {
      const spec = parseCustomModelInput(input, pageUrl);
      if (this.#host.isBuiltIn(spec.id)) {
        this.error = inUiLanguage({
          en: `"${spec.id}" is already in the list. Choose another id for your model.`,
          zh: `“${spec.id}”已在列表中。请给你的模型换一个 ID。`,
        });
        return false;
      }
      await this.#save([...this.list.filter((c) => c.id !== spec.id), spec]);
      if (await this.#host.reloadToAllow([spec.modelUrl, spec.libUrl])) return true;
      return await this.#check(spec);
    } catch (error) {
      this.error = errorText(error);
      return false;
    }
  }

  /** Removes a self-hosted model from the list and deletes its cached files. */
  async remove(modelId: string): Promise<void> {
    await this.#host.deleteCached(modelId);
    await this.#save(this.list.filter((c) => c.id !== modelId));
    await this.#host.refresh();
  }

  async #check(spec: CustomModelSpec): Promise<boolean> {
    try {
      const checked = await this.#services.checkCustomWebLlmModel(spec);
      await this.#save(this.list.map((c) => (c.id === spec.id ? checked : c)));
      await this.#host.refresh();
      return true;
    } catch (error) {
      const why = errorText(error);
      this.error = inUiLanguage({ en: `${spec.id} was not added: ${why}`, zh: `未添加 ${spec.id}：${why}` });
      await this.#save(this.list.filter((c) => c.id !== spec.id));
      return false;
    }
  }

  async #save(list: CustomModelSpec[]): Promise<void> {
    this.list = list;
    await new Settings(this.#services.repo.settings).set('customModels', $state.snapshot(list));
  }
}
