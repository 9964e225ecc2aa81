import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import { EVAL_ID_PATTERN } from './validate-interview-set.ts';

/** Switches the app's prompt builder honours when answering for an evaluation. */
export interface PromptFlags {
  /** Force `Name: "` and stop at the closing quote. */
  quoteMode: boolean;
  /** Use the extracted core info; off = the raw material as system prompt. */
  extract: boolean;
  /** Summaries and retrieved memories. */
  memory: boolean;
  /** The persona's style-control instructions. */
  styleControls: boolean;
  /** Retrieved example lines of the character. */
  exemplars: boolean;
}

/** One way of answering that an evaluation compares (the full pipeline or an ablation). */
export interface EvalConfiguration {
  /** Unique within a run; letters, digits, `-`, `_`, `.`. */
  id: string;
  label: string;
  flags: PromptFlags;
  /** Free data for the caller (engine, model, sampling); carried into the report untouched. */
  extra?: Record<string, unknown>;
}

/** Every feature on. */
export const FULL_FLAGS: Readonly<PromptFlags> = { quoteMode: true, extract: true, memory: true, styleControls: true, exemplars: true };

const ABLATIONS: ReadonlyArray<[string, string, keyof PromptFlags]> = [
  ['no-quote', 'Quote mode off', 'quoteMode'],
  ['no-extract', 'Extract off (raw material as system prompt)', 'extract'],
  ['no-memory', 'Memory off', 'memory'],
  ['no-style', 'Style controls off', 'styleControls'],
  ['no-exemplars', 'Exemplars off', 'exemplars'],
];

/** The one-click ablation study: `full` first (the baseline), then each feature switched off alone. */
export function defaultAblations(): EvalConfiguration[] {
  return [
    { id: 'full', label: 'Full pipeline', flags: { ...FULL_FLAGS } },
    ...ABLATIONS.map(([id, label, flag]) => ({ id, label, flags: { ...FULL_FLAGS, [flag]: false } })),
  ];
}

/**
 * Checks a list of configurations: at least one, ids valid and unique, every flag a boolean.
 * @throws ValidationError (`invalid`) naming the first problem.
 */
export function validateConfigurations(configurations: readonly EvalConfiguration[]): void {
  if (configurations.length === 0) {
    throw new ValidationError('invalid', msg('eval.error.noConfiguration'));
  }
  const seen = new Set<string>();
  for (const c of configurations) {
    if (!EVAL_ID_PATTERN.test(c.id)) {
      throw new ValidationError('invalid', msg('eval.error.configurationId', { id: c.id }));
    }
    if (seen.has(c.id)) {
      throw new ValidationError('invalid', msg('eval.error.configurationTwice', { id: c.id }));
    }
    seen.add(c.id);
    const bad = (Object.keys(FULL_FLAGS) as Array<keyof PromptFlags>).find((k) => typeof c.flags?.[k] !== 'boolean');
    if (bad) {
      throw new ValidationError('invalid', msg('eval.error.configurationFlag', { id: c.id, flag: bad }));
    }
  }
}
