import type { StyleControlId, StyleSettings } from '../style-controls.ts';
import { STYLE_CONTROL_IDS } from './style-catalogue.ts';
import { clampStyleValue } from './style-values.ts';

/** Controls the user has set by hand; inference never changes them. */
export type PinnedStyle = readonly StyleControlId[];

/** `ids` without duplicates, in the catalogue's fixed order. */
function ordered(ids: Iterable<StyleControlId>): StyleControlId[] {
  const set = new Set(ids);
  return STYLE_CONTROL_IDS.filter((id) => set.has(id));
}

/**
 * Merges inferred values into the current style: pinned controls keep the user's value,
 * the others take the inferred value when there is one (clamped), or keep theirs.
 */
export function mergeInferredStyle(current: StyleSettings, inferred: Partial<StyleSettings>, pinned: PinnedStyle): StyleSettings {
  const keep = new Set(pinned);
  const style = { ...current };
  for (const id of STYLE_CONTROL_IDS) {
    const value = inferred[id];
    if (!keep.has(id) && value !== undefined) style[id] = clampStyleValue(id, value);
  }
  return style;
}

/** The user sets one control: the value is clamped and the control becomes pinned. */
export function setStyleControl(
  style: StyleSettings,
  pinned: PinnedStyle,
  id: StyleControlId,
  value: number,
): { style: StyleSettings; pinned: StyleControlId[] } {
  return { style: { ...style, [id]: clampStyleValue(id, value) }, pinned: ordered([...pinned, id]) };
}

/** Releases a control so the next inference may set it again. */
export function unpinStyleControl(pinned: PinnedStyle, id: StyleControlId): StyleControlId[] {
  return ordered(pinned.filter((p) => p !== id));
}

/**
 * The style a chat asks for: `style` (the persona's) with the chat's own values on top (each
 * clamped into its scale); without an override, `style` itself.
 */
export function applyStyleOverride(style: StyleSettings, override: Partial<StyleSettings> | undefined): StyleSettings {
  if (!override) return style;
  const merged = { ...style };
  for (const id of STYLE_CONTROL_IDS) {
    const value = override[id];
    if (value !== undefined) merged[id] = clampStyleValue(id, value);
  }
  return merged;
}
