import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
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

/**
 * A chat's own style values, checked: each key a known control, each value a level of its scale.
 * Returns them in the catalogue's order, or null when there are none (the persona's style applies).
 * @throws ValidationError `invalid` naming the unknown control or the level out of its scale.
 */
export function checkStyleOverride(override: Readonly<Record<string, unknown>>): Partial<StyleSettings> | null {
  const known = new Set<string>(STYLE_CONTROL_IDS);
  for (const key of Object.keys(override)) {
    if (!known.has(key)) throw new ValidationError('invalid', msg('styleDrift.error.unknownControl', { control: key }));
  }
  const checked: Partial<StyleSettings> = {};
  for (const id of STYLE_CONTROL_IDS) {
    const value = override[id];
    if (value === undefined) continue;
    if (!isValidStyleValue(id, value)) {
      throw new ValidationError('invalid', msg('styleDrift.error.level', { control: STYLE_CONTROLS[id].label, max: maxStyleValue(id) }));
    }
    checked[id] = value;
  }
  return Object.keys(checked).length === 0 ? null : checked;
}
