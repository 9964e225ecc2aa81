import type {
  LoreEntry,
  PersonaAttributes,
  PersonaBehaviours,
  PersonaInit,
  PersonaLanguage,
  PersonaVoice,
  ProtectiveExample,
  ReplyForm,
} from '../../core/persona/index.ts';
import { clampCloseness, normalizeStyle, setStyleControl, unpinStyleControl, mergeInferredStyle } from '../../core/persona/index.ts';
import { DEFAULT_NOTE_DEPTH } from '../../core/prompt/authors-note.ts';
import { suggestFormFor } from '../../core/prompt/reply-form.ts';
import type { SamplingOptions } from '../../core/sampling.ts';
import type { StyleControlId, StyleSettings } from '../../core/style-controls.ts';
import { isDefaultVoice, voiceSettings } from '../../core/voice.ts';

/** Sampling options the editor shows; a blank field means "use the engine's default". */
export const EDITABLE_SAMPLING = ['temperature', 'topP', 'repetitionPenalty', 'presencePenalty'] as const;

/** One of {@link EDITABLE_SAMPLING}. */
export type EditableSampling = (typeof EDITABLE_SAMPLING)[number];

/** Behaviours as the form edits them: lists are one item per line. */
export type BehavioursForm = Record<keyof PersonaBehaviours, string>;

/** A lore-book entry as the form edits it: keywords comma-separated. */
export interface LoreRow {
  id: string;
  keys: string;
  content: string;
  enabled: boolean;
  constant: boolean;
}

const ATTRIBUTE_KEYS: readonly (keyof PersonaAttributes)[] = ['identity', 'interests', 'viewpoints', 'experiences', 'achievements', 'relationships', 'other'];

/** Items of a one-per-line text, trimmed, blanks dropped. */
export function linesOf(text: string): string[] {
  return text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
}

/** Items of a comma-separated text (`,`, `，`, `、` or new lines), trimmed, blanks dropped. */
export function commaList(text: string): string[] {
  return text
    .split(/[,，、\n]/)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

/**
 * The list typed in `text`; when the text is still exactly what the form showed for
 * `original`, the original items are kept as they were (so separators inside items survive).
 */
function editedList(
  text: string,
  original: readonly string[] | undefined,
  join: (items: readonly string[]) => string,
  parse: (text: string) => string[],
): string[] {
  if (original !== undefined && text === join(original)) return [...original];
  return parse(text);
}

const joinLines = (items: readonly string[]): string => items.join('\n');
const joinCommas = (items: readonly string[]): string => items.join(', ');

function samplingText(value: number | undefined): string {
  return value === undefined ? '' : String(value);
}

/** The number typed in a sampling field; blank gives undefined, anything unreadable NaN (validation names it). */
function samplingValue(text: string): number | undefined {
  const trimmed = text.trim().replace(',', '.');
  return trimmed === '' ? undefined : Number(trimmed);
}

function loreRow(entry: LoreEntry): LoreRow {
  return { id: entry.id, keys: joinCommas(entry.keys), content: entry.content, enabled: entry.enabled, constant: entry.constant };
}

/**
 * Every editable field of a persona as form state (strings for lists and numbers, so what the
 * user types is kept as typed). Fields the form does not show (card origin, lore
 * details, other sampling options) are carried over from the persona it started from.
 */
export class PersonaForm {
  name = $state('');
  language = $state<PersonaLanguage>('en');
  description = $state('');
  greeting = $state('');
  alternateGreetings = $state<string[]>([]);
  sampleDialogues = $state('');
  scenario = $state('');
  systemPrompt = $state('');
  postHistoryInstructions = $state('');
  /** The reply form the user chose; null follows what the greeting and examples suggest. */
  chosenReplyForm = $state<ReplyForm | null>(null);
  attributes = $state<PersonaAttributes>({ identity: '', interests: '', viewpoints: '', experiences: '', achievements: '', relationships: '', other: '' });
  behaviours = $state<BehavioursForm>({
    catchphrases: '',
    dialect: '',
    speakingStyle: '',
    frequentWords: '',
    personality: '',
    emotionalExpression: '',
    interactionPatterns: '',
  });
  userName = $state('');
  userDescription = $state('');
  era = $state('');
  knows = $state('');
  cannotKnow = $state('');
  /** The kept protective scenes, as typed (saved with the persona; see ProtectiveScenesSession). */
  protectiveExamples = $state<ProtectiveExample[]>([]);
  style = $state.raw<StyleSettings>(normalizeStyle({}));
  pinned = $state.raw<StyleControlId[]>([]);
  sampling = $state<Record<EditableSampling, string>>({ temperature: '', topP: '', repetitionPenalty: '', presencePenalty: '' });
  mood = $state('');
  closeness = $state(0);
  tags = $state('');
  creator = $state('');
  lore = $state<LoreRow[]>([]);
  /** The default author's note of the persona's chats: text ('' for none), depth and frequency as typed. */
  authorsNote = $state({ text: '', depth: String(DEFAULT_NOTE_DEPTH), every: '1' });
  /** How replies are read aloud (a persona without settings shows the defaults; see core/voice.ts). */
  voice = $state<PersonaVoice>(voiceSettings(undefined));
  /** The picture (the original, for export) and its thumbnail; undefined: none (the initial shows). */
  avatar = $state.raw<PersonaInit['avatar']>(undefined);
  avatarThumb = $state.raw<PersonaInit['avatarThumb']>(undefined);
  /** The form the greeting, alternate greetings and example dialogue typed so far suggest. */
  readonly suggestedReplyForm: ReplyForm = $derived.by(() =>
    suggestFormFor({
      name: this.name,
      user: { name: this.userName, description: '' },
      greeting: this.greeting,
      alternateGreetings: this.alternateGreetings,
      sampleDialogues: this.sampleDialogues,
    }),
  );
  /** Shown read-only; never sent to the model. */
  readonly creatorNotes: string;
  #base: PersonaInit;
  #nextLore = 1;

  /** Starts from `base` (an existing persona, an imported card or an extracted draft), or empty. */
  constructor(base: PersonaInit = { name: '' }) {
    this.#base = base;
    this.creatorNotes = base.creatorNotes ?? '';
    this.name = base.name;
    this.language = base.language ?? 'en';
    this.description = base.description ?? '';
    this.greeting = base.greeting ?? '';
    this.alternateGreetings = [...(base.alternateGreetings ?? [])];
    this.sampleDialogues = base.sampleDialogues ?? '';
    this.scenario = base.scenario ?? '';
    this.systemPrompt = base.systemPrompt ?? '';
    this.postHistoryInstructions = base.postHistoryInstructions ?? '';
    this.chosenReplyForm = base.replyForm ?? null;
    for (const key of ATTRIBUTE_KEYS) this.attributes[key] = base.attributes?.[key] ?? '';
    const b = base.behaviours;
    this.behaviours = {
      catchphrases: joinLines(b?.catchphrases ?? []),
      dialect: b?.dialect ?? '',
      speakingStyle: b?.speakingStyle ?? '',
      frequentWords: joinLines(b?.frequentWords ?? []),
      personality: b?.personality ?? '',
      emotionalExpression: b?.emotionalExpression ?? '',
      interactionPatterns: b?.interactionPatterns ?? '',
    };
    this.userName = base.user?.name ?? '';
    this.userDescription = base.user?.description ?? '';
    this.era = base.boundary?.era ?? '';
    this.knows = base.boundary?.knows ?? '';
    this.cannotKnow = joinLines(base.boundary?.cannotKnow ?? []);
    this.protectiveExamples = (base.protectiveExamples ?? []).map((e) => ({ ...e }));
    this.style = normalizeStyle(base.style);
    this.pinned = [...(base.stylePinned ?? [])];
    for (const key of EDITABLE_SAMPLING) this.sampling[key] = samplingText(base.sampling?.[key]);
    this.mood = base.initialState?.mood ?? '';
    this.closeness = clampCloseness(base.initialState?.closeness);
    this.tags = joinCommas(base.tags ?? []);
    this.creator = base.creator ?? '';
    this.lore = (base.lore ?? []).map(loreRow);
    const note = base.authorsNote;
    this.authorsNote = { text: note?.text ?? '', depth: String(note?.depth ?? DEFAULT_NOTE_DEPTH), every: String(note?.every ?? 1) };
    this.avatar = base.avatar;
    this.avatarThumb = base.avatarThumb;
    this.voice = { ...voiceSettings(undefined), ...base.voice };
  }

  /** The form the persona's chats will reply in: the user's choice, else the suggestion. */
  get replyForm(): ReplyForm {
    return this.chosenReplyForm ?? this.suggestedReplyForm;
  }

  /** The user picks a reply form; it no longer follows the greeting. */
  chooseReplyForm(form: ReplyForm): void {
    this.chosenReplyForm = form;
  }

  /** The user sets a style control: the value is kept and the control pinned against inference. */
  setStyle(id: StyleControlId, value: number): void {
    const next = setStyleControl(this.style, this.pinned, id, value);
    this.style = next.style;
    this.pinned = next.pinned;
  }

  /** Lets "Infer from samples" change a control again. */
  unpin(id: StyleControlId): void {
    this.pinned = unpinStyleControl(this.pinned, id);
  }

  /** Applies inferred values to the controls the user has not pinned; returns how many changed. */
  applyInferredStyle(inferred: Partial<StyleSettings>): number {
    const before = this.style;
    this.style = mergeInferredStyle(before, inferred, this.pinned);
    return (Object.keys(before) as StyleControlId[]).filter((id) => before[id] !== this.style[id]).length;
  }

  /** Removes the kept protective scene at `index`. */
  removeProtectiveExample(index: number): void {
    this.protectiveExamples.splice(index, 1);
  }

  /** Adds an empty alternate greeting at the end. */
  addGreeting(): void {
    this.alternateGreetings.push('');
  }

  /** Removes the alternate greeting at `index`. */
  removeGreeting(index: number): void {
    this.alternateGreetings.splice(index, 1);
  }

  /** Adds an empty, enabled lore entry at the end (it gets its real id on save). */
  addLore(): void {
    this.lore.push({ id: `new-${this.#nextLore++}-${crypto.randomUUID()}`, keys: '', content: '', enabled: true, constant: false });
  }

  /** Removes the lore entry with this id. */
  removeLore(id: string): void {
    const index = this.lore.findIndex((row) => row.id === id);
    if (index >= 0) this.lore.splice(index, 1);
  }

  /** The persona fields as typed (plain data, safe to store), over the fields the form does not show. */
  toInit(): PersonaInit {
    const base = this.#base;
    return {
      ...base,
      name: this.name.trim(),
      language: this.language,
      description: this.description,
      greeting: this.greeting,
      alternateGreetings: this.alternateGreetings.filter((g) => g.trim() !== ''),
      sampleDialogues: this.sampleDialogues,
      scenario: this.scenario,
      systemPrompt: this.systemPrompt,
      postHistoryInstructions: this.postHistoryInstructions,
      replyForm: this.replyForm,
      attributes: { ...$state.snapshot(this.attributes) },
      behaviours: {
        ...this.behaviours,
        catchphrases: editedList(this.behaviours.catchphrases, base.behaviours?.catchphrases, joinLines, linesOf),
        frequentWords: editedList(this.behaviours.frequentWords, base.behaviours?.frequentWords, joinLines, linesOf),
      },
      user: { name: this.userName.trim(), description: this.userDescription },
      boundary: { era: this.era.trim(), knows: this.knows, cannotKnow: editedList(this.cannotKnow, base.boundary?.cannotKnow, joinLines, linesOf) },
      protectiveExamples: this.#protectiveExamples(),
      style: { ...this.style },
      stylePinned: [...this.pinned],
      sampling: this.#sampling(),
      initialState: this.#initialState(),
      tags: editedList(this.tags, base.tags, joinCommas, commaList),
      creator: this.creator.trim(),
      creatorNotes: this.creatorNotes,
      lore: this.#loreEntries(),
      authorsNote: this.#authorsNote(),
      avatar: this.avatar,
      avatarThumb: this.avatarThumb,
      voice: this.#voice(),
    };
  }

  /** The voice settings as set (an emptied voice choice removed); a persona that had none and still has the defaults keeps none. */
  #voice(): PersonaVoice | undefined {
    const { voiceURI, narrationVoiceURI, ...rest } = $state.snapshot(this.voice);
    const voice: PersonaVoice = { ...rest, ...(voiceURI ? { voiceURI } : {}), ...(narrationVoiceURI ? { narrationVoiceURI } : {}) };
    return this.#base.voice === undefined && isDefaultVoice(voice) ? undefined : voice;
  }

  /** The kept scenes, lines trimmed; scenes left wholly blank are dropped (a half-filled one stays, and validation names it); none: undefined. */
  #protectiveExamples(): ProtectiveExample[] | undefined {
    const scenes = this.protectiveExamples
      .map((e) => ({ kind: e.kind, user: e.user.trim(), character: e.character.trim() }))
      .filter((e) => e.user !== '' || e.character !== '');
    return scenes.length > 0 ? scenes : undefined;
  }

  #sampling(): SamplingOptions {
    const sampling: SamplingOptions = { ...this.#base.sampling };
    for (const key of EDITABLE_SAMPLING) {
      const value = samplingValue(this.sampling[key]);
      if (value === undefined) delete sampling[key];
      else sampling[key] = value;
    }
    return sampling;
  }

  /** The default author's note as typed (numbers as typed, so validation names a bad one), or none when its text is empty. */
  #authorsNote(): PersonaInit['authorsNote'] {
    const { text, depth, every } = this.authorsNote;
    if (text.trim() === '') return undefined;
    const number = (typed: string) => (typed.trim() === '' ? NaN : Number(typed));
    return { text: text.trim(), depth: number(depth), every: number(every) };
  }

  #initialState(): PersonaInit['initialState'] {
    const mood = this.mood.trim();
    if (mood === '' && this.closeness === 0 && this.#base.initialState === undefined) return undefined;
    return { mood, closeness: clampCloseness(this.closeness) };
  }

  #loreEntries(): LoreEntry[] {
    const existing = new Map((this.#base.lore ?? []).map((entry) => [entry.id, entry]));
    return this.lore.map((row, index) => {
      const known = existing.get(row.id);
      const fields = { keys: editedList(row.keys, known?.keys, joinCommas, commaList), content: row.content, enabled: row.enabled, constant: row.constant };
      if (known) return { ...known, ...fields };
      return { id: crypto.randomUUID(), secondaryKeys: [], selective: false, caseSensitive: false, insertionOrder: index, extra: {}, ...fields };
    });
  }
}
