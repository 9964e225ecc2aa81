import type { PersonaLanguage } from './persona.ts';
import type { StyleControlId, StyleSettings } from '../style-controls.ts';
import { pick } from './localized.ts';
import { STYLE_CONTROL_IDS, STYLE_CONTROLS } from './style-catalogue.ts';
import { clampStyleValue } from './style-values.ts';

/** Options for {@link renderStyleInstructions}. */
export interface StyleInstructionOptions {
  /** Controls to leave out, e.g. catchphrase frequency for a persona without catchphrases. */
  omit?: readonly StyleControlId[];
}

/**
 * Prompt instructions for a style, one `- …` line per control in the catalogue's fixed order
 * (never the object's key order, so the output is stable). Out-of-range values are clamped
 * first. Neutral levels (those without an instruction in the catalogue) produce no line.
 * Returns an empty string when no control needs an instruction.
 */
export function renderStyleInstructions(style: StyleSettings, language: PersonaLanguage, options: StyleInstructionOptions = {}): string {
  const omit = new Set(options.omit ?? []);
  const lines: string[] = [];
  for (const id of STYLE_CONTROL_IDS) {
    if (omit.has(id)) continue;
    const instruction = STYLE_CONTROLS[id].levels[clampStyleValue(id, style[id])]?.instruction;
    if (instruction) lines.push(`- ${pick(instruction, language)}`);
  }
  return lines.join('\n');
}
