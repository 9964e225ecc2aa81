import type { Persona, PersonaBehaviours, PersonaLanguage, ProtectiveExample } from './persona.ts';
import { renderBoundaryInstructions } from './knowledge-boundary.ts';
import { cleanList, joinList, labelled, type Localized, pick, quote } from './localized.ts';
import { type MacroNames, substituteOriginal } from './macros.ts';
import { namesOf, personaText } from './names.ts';
import { type PersonaState, renderPersonaState } from './persona-state.ts';
import { formatProtectiveExamples, protectiveExamplesFor } from './protective-examples.ts';
import { renderStyleInstructions } from './style-instructions.ts';

/** Options for {@link renderPersonaCore}; every part is on by default. */
export interface PersonaCoreOptions {
  /** The app's default instructions: used as is, or put where a card's system prompt says `{{original}}`. */
  original?: string;
  /** Include style instructions (turn off for ablations). */
  styleControls?: boolean;
  /** Include knowledge-boundary instructions. */
  knowledgeBoundary?: boolean;
  /** `true`: the persona's kept scenes, else the built-in ones that fit; a list: these scenes; `false`: none. */
  protectiveExamples?: boolean | readonly ProtectiveExample[];
  /** The evolving state, rendered as the last section (it changes most often). */
  state?: PersonaState;
}

const TITLES = {
  character: { en: 'Character', zh: '角色' },
  attributes: { en: 'Who you are', zh: '角色设定' },
  behaviours: { en: 'How you speak and behave', zh: '说话与行为方式' },
  user: { en: 'The person you are talking to', zh: '你的对话对象' },
  boundary: { en: 'Knowledge boundary', zh: '知识边界' },
  protective: { en: 'Examples of staying within your knowledge:', zh: '守住知识边界的示例：' },
  style: { en: 'Reply style', zh: '回复风格' },
  state: { en: 'Current state', zh: '当前状态' },
} satisfies Record<string, Localized>;

/** Labels of the persona's fields as the prompt writes them (the editor's labels are interface text, in field-text.ts). */
const FIELD_TITLES = {
  'attributes.identity': { en: 'Identity', zh: '身份' },
  'attributes.interests': { en: 'Interests', zh: '兴趣爱好' },
  'attributes.viewpoints': { en: 'Viewpoints', zh: '观点' },
  'attributes.experiences': { en: 'Experiences', zh: '经历' },
  'attributes.achievements': { en: 'Achievements', zh: '成就' },
  'attributes.relationships': { en: 'Relationships', zh: '人际关系' },
  'attributes.other': { en: 'Other facts', zh: '其他' },
  'behaviours.catchphrases': { en: 'Catchphrases', zh: '口头禅' },
  'behaviours.dialect': { en: 'Dialect', zh: '方言' },
  'behaviours.speakingStyle': { en: 'Speaking style', zh: '说话风格' },
  'behaviours.frequentWords': { en: 'Frequent words', zh: '常用词' },
  'behaviours.personality': { en: 'Personality', zh: '性格' },
  'behaviours.emotionalExpression': { en: 'Emotional expression', zh: '情感表达' },
  'behaviours.interactionPatterns': { en: 'Interaction patterns', zh: '互动方式' },
  scenario: { en: 'Scenario', zh: '场景' },
} satisfies Record<string, Localized>;

const ATTRIBUTE_KEYS = ['identity', 'interests', 'viewpoints', 'experiences', 'achievements', 'relationships', 'other'] as const;
const TEXT_BEHAVIOURS = ['dialect', 'speakingStyle', 'personality', 'emotionalExpression', 'interactionPatterns'] as const;

function title(key: keyof typeof TITLES, language: PersonaLanguage, suffix?: string): string {
  const text = pick(TITLES[key], language);
  return suffix ? `## ${labelled(text, suffix, language)}` : `## ${text}`;
}

function section(heading: string, body: string): string {
  return body ? `${heading}\n${body}` : '';
}

function bullet(field: keyof typeof FIELD_TITLES, value: string, language: PersonaLanguage): string {
  return value ? `- ${labelled(pick(FIELD_TITLES[field], language), value, language)}` : '';
}

function lines(items: readonly string[]): string {
  return items.filter((item) => item !== '').join('\n');
}

/**
 * The text that replaces the app's default instructions: the card's `system_prompt` with
 * `{{original}}` replaced by `original`, or `original` itself when the card has none; macros
 * substituted.
 */
export function resolveSystemPrompt(persona: Persona, original = ''): string {
  const card = personaText(persona.systemPrompt, namesOf(persona));
  return personaText(card ? substituteOriginal(card, original) : original, namesOf(persona));
}

/** The card's post-history instructions, `{{original}}` replaced by `original`, macros substituted. */
export function resolvePostHistoryInstructions(persona: Persona, original = ''): string {
  const card = personaText(persona.postHistoryInstructions, namesOf(persona));
  return personaText(card ? substituteOriginal(card, original) : original, namesOf(persona));
}

function behaviourLines(b: PersonaBehaviours, names: MacroNames, language: PersonaLanguage): string {
  const catchphrases = cleanList(b.catchphrases).map((c) => quote(personaText(c, names), language));
  const words = cleanList(b.frequentWords).map((w) => personaText(w, names));
  return lines([
    bullet('behaviours.catchphrases', joinList(catchphrases, language), language),
    ...TEXT_BEHAVIOURS.slice(0, 2).map((k) => bullet(`behaviours.${k}`, personaText(b[k], names), language)),
    bullet('behaviours.frequentWords', joinList(words, language), language),
    ...TEXT_BEHAVIOURS.slice(2).map((k) => bullet(`behaviours.${k}`, personaText(b[k], names), language)),
  ]);
}

function boundarySection(persona: Persona, options: PersonaCoreOptions): string {
  const instructions = renderBoundaryInstructions(persona);
  if (!instructions) return '';
  const chosen = options.protectiveExamples ?? true;
  const examples = chosen === true ? protectiveExamplesFor(persona) : chosen === false ? [] : chosen;
  const exampleText = formatProtectiveExamples(examples, persona);
  const body = exampleText ? `${instructions}\n${pick(TITLES.protective, persona.language)}\n${exampleText}` : instructions;
  return section(title('boundary', persona.language), body);
}

/**
 * The persona part of the system prompt, in the persona's language: the resolved system
 * prompt, then character, attributes, behaviours, scenario, the user, knowledge boundary (with
 * protective examples), style instructions and, when given, the current state. The card's
 * example dialogue is not part of it: the prompt builder writes it in the chat's reply form. Empty sections are left out, `{{char}}` / `{{user}}` are substituted
 * everywhere, and `creatorNotes` is never read. Pure and deterministic: the same persona and
 * options always give byte-identical text (sections in a fixed order, never in key order),
 * so an engine can reuse its KV cache.
 */
export function renderPersonaCore(persona: Persona, options: PersonaCoreOptions = {}): string {
  const language = persona.language;
  const names = namesOf(persona);
  const text = (value: string): string => personaText(value, names);
  const attributes = lines(ATTRIBUTE_KEYS.map((k) => bullet(`attributes.${k}`, text(persona.attributes[k]), language)));
  const userHeading = title('user', language, names.user);
  const userDescription = text(persona.user.description);
  const style =
    options.styleControls === false
      ? ''
      : renderStyleInstructions(persona.style, language, {
          omit: cleanList(persona.behaviours.catchphrases).length === 0 ? ['catchphraseFrequency'] : [],
        });
  const parts = [
    resolveSystemPrompt(persona, options.original),
    `${title('character', language, names.char)}${persona.description.trim() ? `\n${text(persona.description)}` : ''}`,
    section(title('attributes', language), attributes),
    section(title('behaviours', language), behaviourLines(persona.behaviours, names, language)),
    section(`## ${pick(FIELD_TITLES.scenario, language)}`, text(persona.scenario)),
    persona.user.name.trim() || userDescription ? `${userHeading}${userDescription ? `\n${userDescription}` : ''}` : '',
    options.knowledgeBoundary === false ? '' : boundarySection(persona, options),
    section(title('style', language), style),
    options.state ? section(title('state', language), renderPersonaState(options.state, persona)) : '',
  ];
  return parts.filter((part) => part !== '').join('\n\n');
}
