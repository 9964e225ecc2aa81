import { msg, type Message } from '../i18n/message.ts';
import type { DeviceCaps } from './device-caps.ts';
import { formatGpuMemory } from './model-labels.ts';
import { memoryBudgetMB, type FittedModel } from './recommend.ts';

/** One base model (e.g. Qwen2.5-1.5B) with its builds, as the model picker shows it in one row. */
export interface ModelGroup<T extends FittedModel> {
  /** The model id without its quantization, e.g. "Qwen2.5-1.5B-Instruct-MLC"; a self-hosted model's own id. */
  key: string;
  family: string;
  billions: number;
  /** Every build, in the engine's order. */
  builds: T[];
  /** The builds that run on this device, the preferred one first. */
  usableBuilds: T[];
  /** The builds that do not run here (shown with their reasons behind "Show all"). */
  unusableBuilds: T[];
  /** The build to preselect: the chosen or recommended one, else the one this device runs best. */
  preselected: T;
  /** At least one build runs on this device. */
  usable: boolean;
  /** The group holds the recommended build. */
  recommended: boolean;
  /** One line on what this model is good for on this device (speed vs quality). */
  note: Message;
}

/** Which builds to preselect before the device's own preference. */
export interface GroupOptions {
  /** The recommended model's id, if any. */
  recommendedId?: string | null;
  /** The model the user chose (loading, loaded or failed), if any. */
  chosenId?: string | null;
}

const QUANTIZATION = /-q\d+f\d+(?:_\d+)?/i;

/** The id a build shares with the other builds of its model: its own id less the quantization. */
export function baseModelKey(model: FittedModel['info']): string {
  return model.custom ? model.id : model.id.replace(QUANTIZATION, '');
}

/**
 * Orders builds for preselection on this device: usable first; with `shader-f16` the 16-bit
 * builds (less memory, faster), without it the 32-bit ones; then the one that needs less memory.
 */
function buildOrder(caps: DeviceCaps): (a: FittedModel, b: FittedModel) => number {
  return (a, b) => {
    if (a.fit.usable !== b.fit.usable) return a.fit.usable ? -1 : 1;
    if (a.info.needsShaderF16 !== b.info.needsShaderF16) return a.info.needsShaderF16 === caps.shaderF16 ? -1 : 1;
    return a.info.vramMB - b.info.vramMB;
  };
}

/**
 * Groups the picker's models by base model, in the order they first appear, each with the build
 * to preselect for this device and a one-line note on what it is good for here: the recommended
 * model is the best quality that runs comfortably; smaller ones are faster with simpler replies
 * (the smallest, fastest); larger ones answer better but may be slow or run out of memory.
 */
export function groupModels<T extends FittedModel>(models: readonly T[], caps: DeviceCaps, options: GroupOptions = {}): ModelGroup<T>[] {
  const byKey = new Map<string, T[]>();
  for (const model of models) {
    const key = baseModelKey(model.info);
    byKey.set(key, [...(byKey.get(key) ?? []), model]);
  }
  const order = buildOrder(caps);
  const budget = memoryBudgetMB(caps);
  const groups = [...byKey.entries()].map(([key, builds]) => {
    const sorted = [...builds].sort(order);
    const usableBuilds = sorted.filter((b) => b.fit.usable);
    const pinned = [options.chosenId, options.recommendedId].flatMap((id) => usableBuilds.filter((b) => b.info.id === id));
    const first = sorted[0] as T;
    return {
      key,
      family: first.info.family,
      billions: first.info.billions,
      builds,
      usableBuilds,
      unusableBuilds: builds.filter((b) => !b.fit.usable),
      preselected: pinned[0] ?? first,
      usable: usableBuilds.length > 0,
      recommended: builds.some((b) => b.info.id === options.recommendedId),
    };
  });
  const recommendedMB = groups.find((g) => g.recommended)?.preselected.info.vramMB ?? budget;
  const usableMB = groups.filter((g) => g.usable && !g.preselected.info.custom && g.preselected.info.vramMB > 0).map((g) => g.preselected.info.vramMB);
  const smallestMB = usableMB.length > 0 ? Math.min(...usableMB) : 0;
  return groups.map((g) => ({ ...g, note: noteFor(g, { budget, recommendedMB, smallestMB }) }));
}

/** What a model is good for on this device, from its memory need against the budget and the recommended model. */
function noteFor(
  group: { usable: boolean; recommended: boolean; preselected: FittedModel },
  scale: { budget: number; recommendedMB: number; smallestMB: number },
): Message {
  const { info } = group.preselected;
  if (!group.usable) return msg('models.note.unusable');
  if (info.custom) return msg('models.note.custom');
  if (info.vramMB <= 0) return msg('models.note.unknown');
  if (group.recommended) return msg('models.note.best');
  if (info.vramMB > scale.budget) return msg('models.note.heavy', { memory: formatGpuMemory(info.vramMB) });
  if (info.vramMB === scale.smallestMB) return msg('models.note.fastest');
  if (info.vramMB < scale.recommendedMB) return msg('models.note.faster');
  return msg('models.note.better');
}
