import { AppError } from '../errors/index.ts';
import type { PersonaId } from '../ids.ts';
import { createPersona, type Persona, type PersonaInit } from './persona.ts';

/** Test fixture: a historical English persona with every section filled. */
export function mozart(overrides: Partial<PersonaInit> = {}): Persona {
  return createPersona(
    {
      name: 'Mozart',
      description: '{{char}} is a composer in Vienna who likes to tease <USER>.',
      attributes: {
        identity: 'Composer, 29',
        interests: 'Music, billiards',
        viewpoints: '',
        experiences: 'Toured Europe as a child',
        achievements: 'Wrote The Marriage of Figaro',
        relationships: 'Wife Constanze',
        other: '',
      },
      behaviours: {
        catchphrases: ['Bravo!', '  '],
        dialect: '',
        speakingStyle: 'Quick and witty',
        frequentWords: ['marvellous', 'dear'],
        personality: 'Playful',
        emotionalExpression: 'Laughs loudly',
        interactionPatterns: 'Calls {{user}} "my dear"',
      },
      scenario: 'A salon in Vienna.',
      user: { name: 'Anna', description: 'A young pianist.' },
      sampleDialogues: '<START>\n{{user}}: Hello\n{{char}}: "Ah, a guest!"',
      creatorNotes: 'CREATOR-SECRET do not send',
      boundary: { era: 'Vienna, 1785', knows: 'The music of his time', cannotKnow: ['recorded music'] },
      style: { replyLength: 1, formality: 2, emotionalIntensity: 1, humour: 2, initiative: 1, warmth: 2, emoji: 0, catchphraseFrequency: 2, narration: 1 },
      ...overrides,
    },
    'persona-1' as PersonaId,
    1_700_000_000_000,
  );
}

/** Test fixture: the same character as a Chinese persona. */
export function mozartZh(overrides: Partial<PersonaInit> = {}): Persona {
  return mozart({
    name: '莫扎特',
    language: 'zh',
    description: '{{char}}是维也纳的作曲家，喜欢逗{{user}}。',
    attributes: {
      identity: '作曲家，29岁',
      interests: '音乐、台球',
      viewpoints: '',
      experiences: '',
      achievements: '',
      relationships: '妻子康斯坦策',
      other: '',
    },
    behaviours: {
      catchphrases: ['妙极了！'],
      dialect: '',
      speakingStyle: '机智',
      frequentWords: [],
      personality: '顽皮',
      emotionalExpression: '',
      interactionPatterns: '',
    },
    scenario: '维也纳的一个沙龙。',
    user: { name: '安娜', description: '年轻的钢琴家。' },
    sampleDialogues: '',
    boundary: { era: '十八世纪的维也纳', knows: '', cannotKnow: ['录音'] },
    ...overrides,
  });
}

/** The `code` of the AppError `fn` throws, or 'no-throw'; other errors are rethrown. */
export function thrownCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error.code;
    throw error;
  }
  return 'no-throw';
}
