/**
 * Experience reconstruction (Character-LLM: profile → scenes → experiences), the model's part:
 * - the **timeline** request: from the persona's profile (and one part of its source material,
 *   chunked with the real token counter so the request fits the engine's window), a few scenes of
 *   the character's past as `{when, where, who, stakes}`;
 * - the **expansion** request: one scene written out as the character lived it, `{narration,
 *   thoughts, lines}`, the lines in the persona's reply form (a spoken line, or an action and speech);
 * - parsers that read the answers defensively (fenced or cut-off JSON, speaker names and quotes
 *   stripped, repeats dropped) and throw a typed error with what to do when nothing is usable.
 * Each answer is a short JSON-schema object so the smallest model can write it. Instructions are
 * written in the persona's language.
 */
import { ValidationError } from '../errors/index.ts';
import { msg } from '../i18n/message.ts';
import type { CompletionRequest } from '../llm-engine.ts';
import { isRecord, readJson } from '../llm-output.ts';
import { cleanList, namesOf, oneLine, personaText, type Persona, type PersonaLanguage, type ReplyForm } from '../persona/index.ts';

/** Scenes a timeline holds at most: few enough for the smallest model, one review screen. */
export const MAX_EXPERIENCE_SCENES = 5;
/** Answer tokens per timeline scene (four short fields, Chinese included). */
export const TOKENS_PER_SCENE = 110;
/** Answer tokens of one expansion (narration, thoughts, up to three lines). */
export const EXPANSION_TOKENS = 520;

const LIMITS = { when: 60, where: 80, who: 120, stakes: 240, narration: 700, thoughts: 300, line: 240, lines: 3 } as const;

/** One scene of the character's past, as the timeline drafts it. */
export interface ExperienceScene {
  /** When in the character's life: an age, a year, a season ("age 19", "the winter of 1805"). */
  when: string;
  where: string;
  /** Who is there besides the character. */
  who: string;
  /** What happens and what is at stake for the character. */
  stakes: string;
}

/** A scene written out as the character lived it. */
export interface ExperienceBody {
  /** What happens, third person, past tense. */
  narration: string;
  /** The character's thoughts in the moment, first person. */
  thoughts: string;
  /** What the character says, in its reply form, without its name (a line form's speech without quotes). */
  lines: string[];
}

/** A scene of the timeline with its written-out experience. */
export type Experience = ExperienceScene & ExperienceBody;

/** One part of the source the timeline is drafted from, 1-based among `count` parts used. */
export interface SourcePart {
  text: string;
  number: number;
  count: number;
}

/** JSON schema of a timeline answer: up to `count` scenes. */
export function timelineSchema(count: number): Record<string, unknown> {
  const field = (max: number) => ({ type: 'string', maxLength: max });
  return {
    type: 'object',
    properties: {
      scenes: {
        type: 'array',
        minItems: 1,
        maxItems: count,
        items: {
          type: 'object',
          properties: { when: field(LIMITS.when), where: field(LIMITS.where), who: field(LIMITS.who), stakes: field(LIMITS.stakes) },
          required: ['when', 'where', 'who', 'stakes'],
          additionalProperties: false,
        },
      },
    },
    required: ['scenes'],
    additionalProperties: false,
  };
}

/** JSON schema of an expansion answer. */
export const EXPANSION_SCHEMA: Record<string, unknown> = {
  type: 'object',
  properties: {
    narration: { type: 'string', maxLength: LIMITS.narration },
    thoughts: { type: 'string', maxLength: LIMITS.thoughts },
    lines: { type: 'array', minItems: 1, maxItems: LIMITS.lines, items: { type: 'string', maxLength: LIMITS.line } },
  },
  required: ['narration', 'thoughts', 'lines'],
  additionalProperties: false,
};

const TEXT = {
  en: {
    language: 'English',
    labels: {
      character: 'Character',
      description: 'Description',
      identity: 'Identity',
      experiences: 'Known experiences',
      achievements: 'Achievements',
      relationships: 'Relationships',
      personality: 'Personality',
      speakingStyle: 'Speaking style',
      catchphrases: 'Catchphrases',
      era: 'Era or world',
    },
    timelineSystem: "You draft the timeline of a role-play character's past: the scenes that shaped who they are. Answer with JSON only.",
    part: (n: number, count: number) => `Part ${n} of ${count} of the character's source text:`,
    drafted: 'Scenes already drafted (do not repeat them):',
    timelineTask: (name: string, count: number, fromText: boolean) =>
      [
        `List ${count === 1 ? 'one scene' : `${count} scenes`} from ${name}'s past${fromText ? ', taken from the text above' : ''}, in the order they happened.`,
        `For each: when (${name}'s age or the date, a few words), where (the place), who (the people there), stakes (what happens and what is at stake for ${name}, one sentence).`,
        'Use only what the profile and the text say or clearly imply; never contradict them. Write the values in English.',
      ].join('\n'),
    expansionSystem: "You write a role-play character's memories of its own past. Answer with JSON only.",
    scene: { when: 'When', where: 'Where', who: 'Who', stakes: 'What is at stake' },
    lineForm: 'each one spoken line, without the speaker name or quote marks',
    sceneForm: 'each a short action in *asterisks* followed by the spoken words in quotes, without the speaker name',
    expansionTask: (name: string, form: string) =>
      [
        `Write this scene as ${name} lived it:`,
        `narration: what happens, third person, past tense, 2 to 4 sentences;`,
        `thoughts: ${name}'s thoughts in the moment, first person, 1 or 2 sentences;`,
        `lines: 1 to 3 things ${name} says in the scene, ${form}, in ${name}'s own voice and speaking style.`,
        'Keep to the profile. Write in English.',
      ].join('\n'),
  },
  zh: {
    language: '中文',
    labels: {
      character: '角色',
      description: '简介',
      identity: '身份',
      experiences: '已知经历',
      achievements: '成就',
      relationships: '人际关系',
      personality: '性格',
      speakingStyle: '说话方式',
      catchphrases: '口头禅',
      era: '时代或世界',
    },
    timelineSystem: '你为角色扮演的角色整理其过去的时间线：塑造了这个角色的关键场景。只输出 JSON。',
    part: (n: number, count: number) => `角色原始材料第${n}段（共${count}段）：`,
    drafted: '已经列出的场景（不要重复）：',
    timelineTask: (name: string, count: number, fromText: boolean) =>
      [
        `按发生的先后列出${name}过去的${count}个场景${fromText ? '（取自上面的文本）' : ''}。`,
        `每个场景写：when（${name}当时的年龄或日期，几个字），where（地点），who（在场的人），stakes（发生了什么、对${name}来说利害何在，一句话）。`,
        '只使用档案和文本写明或明显暗示的内容，绝不与之矛盾。用中文书写各个值。',
      ].join('\n'),
    expansionSystem: '你为角色扮演的角色写下其对自己过去的回忆。只输出 JSON。',
    scene: { when: '时间', where: '地点', who: '人物', stakes: '利害' },
    lineForm: '每句是一句说出口的话，不带说话人名字，不带引号',
    sceneForm: '每句先用*星号*写一个简短动作，再写引号中的话，不带说话人名字',
    expansionTask: (name: string, form: string) =>
      [
        `把这个场景写成${name}亲身经历的样子：`,
        'narration：发生了什么，第三人称，过去时，2到4句；',
        `thoughts：${name}当时心里的想法，第一人称，1到2句；`,
        `lines：${name}在场景中说的1到3句话，${form}，用${name}自己的语气和说话方式。`,
        '与档案保持一致。用中文书写。',
      ].join('\n'),
  },
} satisfies Record<PersonaLanguage, unknown>;

const COLON: Record<PersonaLanguage, string> = { en: ': ', zh: '：' };

/** The profile lines a timeline or an expansion is written from (empty fields left out, macros replaced). */
export function profileText(persona: Persona, fields: 'timeline' | 'expansion'): string {
  const names = namesOf(persona);
  const text = (value: string): string => personaText(value, names);
  const t = TEXT[persona.language];
  const a = persona.attributes;
  const b = persona.behaviours;
  const rows: Array<[string, string]> =
    fields === 'timeline'
      ? [
          [t.labels.character, names.char],
          [t.labels.description, text(persona.description)],
          [t.labels.identity, text(a.identity)],
          [t.labels.experiences, text(a.experiences)],
          [t.labels.achievements, text(a.achievements)],
          [t.labels.relationships, text(a.relationships)],
          [t.labels.era, text(persona.boundary.era)],
        ]
      : [
          [t.labels.character, names.char],
          [t.labels.identity, text(a.identity) || text(persona.description)],
          [t.labels.personality, text(b.personality)],
          [t.labels.speakingStyle, text(b.speakingStyle)],
          [
            t.labels.catchphrases,
            cleanList(b.catchphrases)
              .map(text)
              .join(persona.language === 'zh' ? '、' : '; '),
          ],
        ];
  return rows
    .filter(([, value]) => value !== '')
    .map(([label, value]) => `${label}${COLON[persona.language]}${value.replace(/\s*\n\s*/g, ' ')}`)
    .join('\n');
}

/** A scene as one line of a prompt: `When: …; Where: …; …`. */
function sceneText(scene: ExperienceScene, language: PersonaLanguage): string {
  const l = TEXT[language].scene;
  const sep = language === 'zh' ? '；' : '; ';
  return [
    [l.when, scene.when],
    [l.where, scene.where],
    [l.who, scene.who],
    [l.stakes, scene.stakes],
  ]
    .filter(([, v]) => v !== '')
    .map(([k, v]) => `${k}${COLON[language]}${v}`)
    .join(sep);
}

/**
 * The request for (part of) the timeline: `count` scenes of the character's past from its profile
 * and, when given, one part of its source text; scenes drafted from earlier parts are listed so
 * they are not repeated. The caller sizes `part` so the request fits the engine's window (see
 * `planExperienceDraft`).
 */
export function buildTimelineRequest(persona: Persona, options: { count: number; part?: SourcePart; drafted?: readonly ExperienceScene[] }): CompletionRequest {
  const t = TEXT[persona.language];
  const count = Math.max(1, Math.min(MAX_EXPERIENCE_SCENES, Math.floor(options.count)));
  const drafted = options.drafted ?? [];
  const sections = [profileText(persona, 'timeline')];
  if (options.part) sections.push(`${t.part(options.part.number, options.part.count)}\n<text>\n${options.part.text}\n</text>`);
  if (drafted.length > 0) sections.push([t.drafted, ...drafted.map((s) => `- ${sceneText(s, persona.language)}`)].join('\n'));
  sections.push(t.timelineTask(namesOf(persona).char, count, options.part !== undefined));
  return {
    input: {
      kind: 'chat',
      messages: [
        { role: 'system', content: t.timelineSystem },
        { role: 'user', content: sections.join('\n\n') },
      ],
    },
    responseFormat: { type: 'json', schema: timelineSchema(count) },
    maxTokens: TOKENS_PER_SCENE * count + 40,
    sampling: { temperature: 0.5 },
    enableThinking: false,
  };
}

/** The request that writes one scene out as the character lived it, lines in the persona's reply form. */
export function buildExpansionRequest(persona: Persona, scene: ExperienceScene, form: ReplyForm): CompletionRequest {
  const t = TEXT[persona.language];
  const content = [
    profileText(persona, 'expansion'),
    sceneText(scene, persona.language),
    t.expansionTask(namesOf(persona).char, form === 'scene' ? t.sceneForm : t.lineForm),
  ].join('\n\n');
  return {
    input: {
      kind: 'chat',
      messages: [
        { role: 'system', content: t.expansionSystem },
        { role: 'user', content },
      ],
    },
    responseFormat: { type: 'json', schema: EXPANSION_SCHEMA },
    maxTokens: EXPANSION_TOKENS,
    sampling: { temperature: 0.7 },
    enableThinking: false,
  };
}

/** The JSON of an answer (cut-off JSON closed after its last complete member). @throws ValidationError `empty`, `bad-json`. */
function answerJson(text: string): unknown {
  if (text.trim() === '') throw new ValidationError('empty', msg('modelOutput.error.empty'));
  const json = readJson(text, { salvage: true });
  if (json === undefined) throw new ValidationError('bad-json', msg('modelOutput.error.notJson'));
  return json;
}

/**
 * The scenes of a timeline answer (at most `max`), each with a time and what happens; repeats
 * (same time and place) and scenes already `drafted` are dropped.
 * @throws ValidationError `empty`, `bad-json`, or `invalid` when no usable scene is left.
 */
export function parseTimeline(text: string, max = MAX_EXPERIENCE_SCENES, drafted: readonly ExperienceScene[] = []): ExperienceScene[] {
  const json = answerJson(text);
  const items = Array.isArray(json) ? json : isRecord(json) && Array.isArray(json.scenes) ? json.scenes : [];
  const key = (s: ExperienceScene) => `${s.when}|${s.where}`.toLowerCase();
  const seen = new Set(drafted.map(key));
  const scenes: ExperienceScene[] = [];
  for (const item of items) {
    if (!isRecord(item) || scenes.length >= max) continue;
    const scene: ExperienceScene = {
      when: oneLine(item.when, LIMITS.when),
      where: oneLine(item.where, LIMITS.where),
      who: oneLine(item.who, LIMITS.who),
      stakes: oneLine(item.stakes, LIMITS.stakes),
    };
    if (scene.when === '' || (scene.stakes === '' && scene.where === '') || seen.has(key(scene))) continue;
    seen.add(key(scene));
    scenes.push(scene);
  }
  if (scenes.length === 0) throw new ValidationError('invalid', msg('experiences.error.noScenes'));
  return scenes;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One of the character's lines: its name before a colon dropped; in the line form, the quote marks around it too. */
function cleanLine(value: unknown, name: string, form: ReplyForm): string {
  const speaker = name === '' ? null : new RegExp(`^${escapeRegExp(name)}\\s*[:：]\\s*`, 'i');
  let line = oneLine(value, 1000);
  if (speaker) line = line.replace(speaker, '');
  if (form === 'line') line = line.replace(/^["“「『]+|["”」』]+$/gu, '');
  return oneLine(line, LIMITS.line);
}

/**
 * The written-out scene of an expansion answer: narration, thoughts and the character's lines
 * (its name and, in the line form, the quote marks stripped; empty and repeated lines dropped).
 * @throws ValidationError `empty`, `bad-json`, or `invalid` when it has neither narration nor a line.
 */
export function parseExpansion(text: string, persona: Pick<Persona, 'name' | 'user'>, form: ReplyForm): ExperienceBody {
  const json = answerJson(text);
  if (!isRecord(json)) throw new ValidationError('bad-json', msg('modelOutput.error.notJson'));
  const name = namesOf(persona).char;
  const lines: string[] = [];
  for (const item of Array.isArray(json.lines) ? json.lines : typeof json.lines === 'string' ? [json.lines] : []) {
    const line = cleanLine(item, name, form);
    if (line !== '' && !lines.includes(line) && lines.length < LIMITS.lines) lines.push(line);
  }
  const body: ExperienceBody = {
    narration: oneLine(json.narration, LIMITS.narration),
    thoughts: oneLine(json.thoughts, LIMITS.thoughts),
    lines,
  };
  if (body.narration === '' && body.lines.length === 0) throw new ValidationError('invalid', msg('experiences.error.noExperience'));
  return body;
}
