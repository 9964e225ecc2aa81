import { DEFAULT_STYLE, type StyleControlId, type StyleSettings } from '../style-controls.ts';
import { STYLE_CONTROL_IDS, STYLE_CONTROLS } from './style-catalogue.ts';

/** Highest valid value of a control (values run from 0 to this). */
export function maxStyleValue(id: StyleControlId): number {
  return STYLE_CONTROLS[id].levels.length - 1;
}

/** True when `value` is an integer inside the control's scale. */
export function isValidStyleValue(id: StyleControlId, value: unknown): value is number {
  return typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= maxStyleValue(id);
}

/**
 * Rounds a number to the nearest level and clamps it into the control's scale; a value
 * that is not a finite number gives the control's default.
 */
export function clampStyleValue(id: StyleControlId, value: unknown): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return DEFAULT_STYLE[id];
  return Math.min(maxStyleValue(id), Math.max(0, Math.round(value)));
}

/**
 * A complete, valid StyleSettings from anything (stored data, an import): known controls are
 * clamped, missing or non-numeric ones get their defaults, unknown keys are dropped.
 */
export function normalizeStyle(input: unknown): StyleSettings {
  const source = typeof input === 'object' && input !== null ? (input as Record<string, unknown>) : {};
  const style = { ...DEFAULT_STYLE };
  for (const id of STYLE_CONTROL_IDS) style[id] = clampStyleValue(id, source[id]);
  return style;
}
