/**
 * Sections of the English catalogue: the texts of one lazily loaded part of the app (the evaluation
 * page, the persona editor…), kept out of the start-up catalogue `en.ts`. Each section has its own
 * file per language in `sections/`, holds only keys with its prefixes, and is registered when the
 * part's code loads (the part imports `sections/<name>.en.ts`) or when a text of it is asked for
 * first ({@link loadSection}). Until then a key of the section has no text.
 */

/** Each section's key prefixes (`eval` holds `eval.…`): how a key finds the section to load. */
export const SECTIONS = {
  eval: ['eval'],
  chat: ['search', 'history', 'summary', 'memoryIndex', 'prompt', 'panels', 'styleDrift', 'rating', 'authorsNote', 'voice', 'chatExport'],
  data: ['data', 'training', 'chatFile'],
  editor: ['editor', 'scenes', 'replyForm', 'experiences', 'extract', 'source', 'avatar', 'you'],
  engines: ['endpoint', 'custom', 'cpu', 'engine', 'models', 'storage'],
  memory: ['semantic'],
  books: ['book', 'bookEditor', 'books'],
  cards: ['charx', 'import', 'card'],
  onboarding: ['firstRun'],
} as const satisfies Record<string, readonly string[]>;

/** The name of a section. */
export type Section = keyof typeof SECTIONS;

/** The texts of one section in one language, by key. */
export type SectionTexts = Readonly<Record<string, string>>;

const BY_PREFIX = new Map<string, Section>(
  Object.entries(SECTIONS).flatMap(([section, prefixes]) => prefixes.map((p): [string, Section] => [p, section as Section])),
);

/** The section a key belongs to by its prefix; undefined for a key of the start-up catalogue. */
export function sectionOf(key: string): Section | undefined {
  return BY_PREFIX.get(key.slice(0, key.indexOf('.')));
}

const ENGLISH: Record<Section, () => Promise<unknown>> = {
  eval: () => import('./sections/eval.en.ts'),
  chat: () => import('./sections/chat.en.ts'),
  data: () => import('./sections/data.en.ts'),
  editor: () => import('./sections/editor.en.ts'),
  engines: () => import('./sections/engines.en.ts'),
  memory: () => import('./sections/memory.en.ts'),
  books: () => import('./sections/books.en.ts'),
  cards: () => import('./sections/cards.en.ts'),
  onboarding: () => import('./sections/onboarding.en.ts'),
};

/** How to load each section's Chinese texts (when both the part and the language are in use). */
export const CHINESE_SECTIONS: Record<Section, () => Promise<SectionTexts>> = {
  eval: async () => (await import('./sections/eval.zh.ts')).evalZh,
  chat: async () => (await import('./sections/chat.zh.ts')).chatZh,
  data: async () => (await import('./sections/data.zh.ts')).dataZh,
  editor: async () => (await import('./sections/editor.zh.ts')).editorZh,
  engines: async () => (await import('./sections/engines.zh.ts')).enginesZh,
  memory: async () => (await import('./sections/memory.zh.ts')).memoryZh,
  books: async () => (await import('./sections/books.zh.ts')).booksZh,
  cards: async () => (await import('./sections/cards.zh.ts')).cardsZh,
  onboarding: async () => (await import('./sections/onboarding.zh.ts')).onboardingZh,
};

const added = new Map<Section, SectionTexts>();
const listeners = new Set<(section: Section) => void>();

/** Registers the English texts of a section (called by the section's file as it loads) and returns them. */
export function addSection<const T extends SectionTexts>(section: Section, texts: T): T {
  if (added.has(section)) return texts;
  added.set(section, texts);
  for (const listener of listeners) listener(section);
  return texts;
}

/** The English text of a key of a registered section; undefined when its section has not loaded. */
export function sectionText(key: string): string | undefined {
  const section = sectionOf(key);
  return section === undefined ? undefined : added.get(section)?.[key];
}

/** The sections registered so far. */
export function loadedSections(): Section[] {
  return [...added.keys()];
}

/** Loads and registers the English texts of a section (at once when it is already there). */
export async function loadSection(section: Section): Promise<void> {
  if (!added.has(section)) await ENGLISH[section]();
}

/** Calls `listener` with each section registered from now on; returns a function that stops it. */
export function onSection(listener: (section: Section) => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}
