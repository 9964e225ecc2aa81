import { en } from '../../src/core/i18n/en.ts';
import type { MessageKey } from '../../src/core/i18n/message.ts';
import { booksEn } from '../../src/core/i18n/sections/books.en.ts';
import { booksZh } from '../../src/core/i18n/sections/books.zh.ts';
import { cardsEn } from '../../src/core/i18n/sections/cards.en.ts';
import { cardsZh } from '../../src/core/i18n/sections/cards.zh.ts';
import { chatEn } from '../../src/core/i18n/sections/chat.en.ts';
import { chatZh } from '../../src/core/i18n/sections/chat.zh.ts';
import { dataEn } from '../../src/core/i18n/sections/data.en.ts';
import { dataZh } from '../../src/core/i18n/sections/data.zh.ts';
import { editorEn } from '../../src/core/i18n/sections/editor.en.ts';
import { editorZh } from '../../src/core/i18n/sections/editor.zh.ts';
import { enginesEn } from '../../src/core/i18n/sections/engines.en.ts';
import { enginesZh } from '../../src/core/i18n/sections/engines.zh.ts';
import { evalEn } from '../../src/core/i18n/sections/eval.en.ts';
import { evalZh } from '../../src/core/i18n/sections/eval.zh.ts';
import { memoryEn } from '../../src/core/i18n/sections/memory.en.ts';
import { memoryZh } from '../../src/core/i18n/sections/memory.zh.ts';
import { onboardingEn } from '../../src/core/i18n/sections/onboarding.en.ts';
import { onboardingZh } from '../../src/core/i18n/sections/onboarding.zh.ts';
import type { Section } from '../../src/core/i18n/sections.ts';
import { zh } from '../../src/core/i18n/zh.ts';

/**
 * Every text of the app, start-up catalogue and all sections, per language (for tests that check
 * the catalogues whole or what a message says). Importing this registers every English section,
 * as if each part of the app had loaded: unit tests run with it (vitest setupFiles).
 */
export const SECTION_TEXTS: Record<Section, { en: Readonly<Record<string, string>>; zh: Readonly<Record<string, string>> }> = {
  books: { en: booksEn, zh: booksZh },
  cards: { en: cardsEn, zh: cardsZh },
  chat: { en: chatEn, zh: chatZh },
  data: { en: dataEn, zh: dataZh },
  editor: { en: editorEn, zh: editorZh },
  engines: { en: enginesEn, zh: enginesZh },
  eval: { en: evalEn, zh: evalZh },
  memory: { en: memoryEn, zh: memoryZh },
  onboarding: { en: onboardingEn, zh: onboardingZh },
};

/** Every English text, by key. */
export const allEnglish = Object.assign({}, en, ...Object.values(SECTION_TEXTS).map((s) => s.en)) as Readonly<Record<MessageKey, string>>;

/** Every Chinese text, by key. */
export const allChinese = Object.assign({}, zh, ...Object.values(SECTION_TEXTS).map((s) => s.zh)) as Readonly<Record<MessageKey, string>>;
