import type { Persona, PersonaLanguage } from '../persona/index.ts';
import type { InterviewItem, InterviewSet } from './interview-set.ts';
import { FAKE_RELATIVES, QUESTION_TEMPLATES, type QuestionTemplate } from './interview-templates.ts';

/** Options of {@link buildDefaultInterviewSet}. */
export interface DefaultSetOptions {
  /** Interview language; default the persona's. */
  language?: PersonaLanguage;
  /** Set id; default `default`. */
  id?: string;
  /** At most this many items per relationship person and per unknowable topic (default 3). */
  maxPerList?: number;
}

type PersonaFields = Pick<Persona, 'name' | 'language' | 'description' | 'attributes' | 'boundary'>;

/**
 * People named in the free-text relationships field: the head of each line or clause
 * ("Anna: my sister; Karl — rival" gives Anna and Karl).
 */
export function relationshipNames(relationships: string, max: number): string[] {
  const names = relationships
    .split(/[\n;；。]/)
    .map((clause) => (clause.split(/[:：,，(（—]| - /)[0] ?? '').trim())
    .filter((head) => head.length > 0 && [...head].length <= 24);
  return [...new Set(names)].slice(0, max);
}

function fakeRelative(persona: PersonaFields, language: PersonaLanguage): string {
  const text = [persona.description, persona.attributes.relationships, persona.attributes.experiences].join('\n');
  const pool = FAKE_RELATIVES[language];
  return pool.find((name) => !text.includes(name)) ?? pool[0] ?? '';
}

function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

function itemsFor(template: QuestionTemplate, persona: PersonaFields, language: PersonaLanguage, max: number): InterviewItem[] {
  const base: Record<string, string> = {
    name: persona.name,
    era: persona.boundary.era.trim() || 'not stated',
    fake: fakeRelative(persona, language),
  };
  const variants: Array<Record<string, string>> =
    template.needs === 'person'
      ? relationshipNames(persona.attributes.relationships, max)
          .filter((p) => p !== persona.name)
          .map((person) => ({ ...base, person }))
      : template.needs === 'topic'
        ? persona.boundary.cannotKnow
            .map((s) => s.trim())
            .filter(Boolean)
            .slice(0, max)
            .map((topic) => ({ ...base, topic }))
        : [base];
  return variants.map((values, index) => {
    const item: InterviewItem = {
      id: template.needs ? `${template.id}-${index + 1}` : template.id,
      category: template.category,
      turns: template.turns[language].map((turn) => fill(turn, values)),
    };
    if (template.boundary) item.boundary = { kind: template.boundary.kind, topic: fill(template.boundary.topic, values) };
    if (template.expectedRecall) item.expectedRecall = [...template.expectedRecall[language]];
    if (template.judgeNote) item.judgeNote = fill(template.judgeNote, values);
    return item;
  });
}

/**
 * Builds the built-in interview for a persona: every category, person-specific relationship
 * questions, one anachronism probe per `boundary.cannotKnow` topic, a false-relationship probe
 * and an invented-event probe. The result is plain data the user may edit.
 */
export function buildDefaultInterviewSet(persona: PersonaFields, options: DefaultSetOptions = {}): InterviewSet {
  const language = options.language ?? persona.language;
  const max = options.maxPerList ?? 3;
  const items = QUESTION_TEMPLATES.flatMap((template) => itemsFor(template, persona, language, max));
  const title = language === 'zh' ? `${persona.name} 访谈` : `Interview with ${persona.name}`;
  return { version: 1, id: options.id ?? 'default', title, language, items };
}
