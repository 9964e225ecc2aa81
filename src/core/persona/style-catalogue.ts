import type { StyleControlId } from '../style-controls.ts';
import type { Localized } from './localized.ts';

/** One step of a style scale. */
export interface StyleLevel {
  /** Short plain label for the UI scale, e.g. "A few sentences". */
  label: Localized;
  /** Instruction for the prompt, or null for a neutral level that needs no instruction. */
  instruction: Localized | null;
}

/** A style control as the editor shows it and the prompt renders it. */
export interface StyleControlSpec {
  id: StyleControlId;
  label: Localized;
  help: Localized;
  /** Levels from 0 upward; a setting is an index into this list. */
  levels: readonly StyleLevel[];
}

/** Every style control id, in the fixed order used by the editor and the prompt. */
export const STYLE_CONTROL_IDS: readonly StyleControlId[] = [
  'replyLength',
  'formality',
  'emotionalIntensity',
  'humour',
  'initiative',
  'warmth',
  'emoji',
  'catchphraseFrequency',
  'narration',
];

function level(enLabel: string, zhLabel: string, en?: string, zh?: string): StyleLevel {
  return { label: { en: enLabel, zh: zhLabel }, instruction: en && zh ? { en, zh } : null };
}

/**
 * The catalogue. A level without an instruction is neutral: the prompt gets no line for it
 * (the model's default already matches, and a shorter prompt reads better). Reply length,
 * emoji and narration have no neutral level: small models drift on them, so every value is
 * stated.
 */
export const STYLE_CONTROLS: Readonly<Record<StyleControlId, StyleControlSpec>> = {
  replyLength: {
    id: 'replyLength',
    label: { en: 'Reply length', zh: '回复长度' },
    help: { en: 'How much the character says in one reply.', zh: '角色每次回复说多少话。' },
    levels: [
      level('One short sentence', '一句短话', 'Reply with one short sentence.', '每次只回复一句简短的话。'),
      level('A few sentences', '几句话', 'Reply with a few sentences (two to four).', '每次回复两到四句话。'),
      level('A paragraph', '一段话', 'Reply with one full paragraph.', '每次回复一整段话。'),
      level('Several paragraphs', '好几段', 'Reply at length, in several paragraphs.', '详细回复，可以写好几段。'),
    ],
  },
  formality: {
    id: 'formality',
    label: { en: 'Formality', zh: '正式程度' },
    help: { en: 'Casual chat or polite, formal speech.', zh: '随意聊天，还是礼貌正式的说话方式。' },
    levels: [
      level('Casual', '随意', 'Speak casually, like with a close friend; slang and short forms are fine.', '说话随意，像和好朋友聊天，可以用口语和俚语。'),
      level('Everyday', '日常'),
      level('Formal', '正式', 'Speak formally and politely; avoid slang.', '说话正式、有礼貌，不用俚语。'),
    ],
  },
  emotionalIntensity: {
    id: 'emotionalIntensity',
    label: { en: 'Emotional intensity', zh: '情绪强度' },
    help: { en: 'How strongly the character shows feelings.', zh: '角色表露情绪的强烈程度。' },
    levels: [
      level('Restrained', '克制', 'Keep your feelings restrained; show emotion only subtly.', '情绪克制，只含蓄地流露感情。'),
      level('Moderate', '适中'),
      level('Intense', '强烈', 'Show your emotions strongly and openly.', '情绪强烈，毫不掩饰地表达感情。'),
    ],
  },
  humour: {
    id: 'humour',
    label: { en: 'Humour', zh: '幽默' },
    help: { en: 'How often the character jokes.', zh: '角色开玩笑的频率。' },
    levels: [
      level('Serious', '严肃', 'Stay serious; do not joke.', '保持严肃，不开玩笑。'),
      level('Now and then', '偶尔幽默'),
      level('Playful', '爱开玩笑', 'Be playful and joke often.', '活泼幽默，经常开玩笑。'),
    ],
  },
  initiative: {
    id: 'initiative',
    label: { en: 'Initiative', zh: '主动性' },
    help: { en: 'Whether the character asks questions and leads, or follows you.', zh: '角色是主动提问、引导话题，还是跟随你。' },
    levels: [
      level(
        'Follows you',
        '跟随你',
        "Follow the other person's lead: answer, but rarely ask questions or change the topic.",
        '跟随对方：回答问题，但很少主动提问或转换话题。',
      ),
      level('Balanced', '平衡'),
      level('Leads', '主导', 'Take the lead: ask questions, bring up topics and move the scene forward.', '主动引导：多提问、提出新话题、推动情节发展。'),
    ],
  },
  warmth: {
    id: 'warmth',
    label: { en: 'Warmth toward you', zh: '对你的热情' },
    help: { en: 'How warmly the character treats you.', zh: '角色对你有多热情。' },
    levels: [
      level('Cold', '冷淡', 'Be cold and distant toward the other person.', '对对方冷淡、疏远。'),
      level('Neutral', '中立'),
      level('Warm', '温暖', 'Be warm and friendly toward the other person.', '对对方温暖友好。'),
      level('Affectionate', '亲昵', 'Be openly affectionate and caring toward the other person.', '对对方亲昵、关怀备至。'),
    ],
  },
  emoji: {
    id: 'emoji',
    label: { en: 'Emoji and kaomoji', zh: '表情符号与颜文字' },
    help: { en: 'Whether replies contain emoji such as 😊 or kaomoji such as ^_^.', zh: '回复里是否使用😊这样的emoji或^_^这样的颜文字。' },
    levels: [
      level('None', '不用', 'Do not use emoji or kaomoji.', '不使用emoji或颜文字。'),
      level('Sometimes', '偶尔', 'Use an emoji or kaomoji now and then.', '偶尔使用emoji或颜文字。'),
      level('Often', '经常', 'Use emoji or kaomoji often, such as ^_^.', '经常使用emoji或颜文字，比如^_^。'),
    ],
  },
  catchphraseFrequency: {
    id: 'catchphraseFrequency',
    label: { en: 'Catchphrase frequency', zh: '口头禅频率' },
    help: { en: 'How often the character uses its catchphrases.', zh: '角色说口头禅的频率。' },
    levels: [
      level('Rarely', '很少', 'Use your catchphrases rarely.', '很少说口头禅。'),
      level('Sometimes', '有时'),
      level('Often', '经常', 'Use your catchphrases often, in most replies.', '经常说口头禅，大多数回复里都要有。'),
    ],
  },
  narration: {
    id: 'narration',
    label: { en: 'Actions and narration', zh: '动作描写' },
    help: { en: 'Only spoken words, or also descriptions of actions in *asterisks*.', zh: '只写说出的话，还是在*星号*里描写动作。' },
    levels: [
      level('Speech only', '只说话', 'Write only spoken words; no descriptions of actions.', '只写说出的话，不描写动作。'),
      level('Brief actions', '简短动作', 'You may add brief actions in asterisks, such as *smiles*.', '可以在星号里简短描写动作，比如*微笑*。'),
      level(
        'Rich narration',
        '丰富描写',
        'Describe your actions, expressions and surroundings in *asterisks* alongside your words.',
        '在*星号*里细致描写动作、神态和环境，与说话交替出现。',
      ),
    ],
  },
};
