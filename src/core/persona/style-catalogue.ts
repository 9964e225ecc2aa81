import { msg, type Message } from '../i18n/message.ts';
import type { StyleControlId } from '../style-controls.ts';
import type { Localized } from './localized.ts';

/** One step of a style scale. */
export interface StyleLevel {
  /** Short plain label for the UI scale, e.g. "A few sentences" (interface text). */
  label: Message;
  /** Instruction for the prompt in the persona's language, or null for a neutral level that needs no instruction. */
  instruction: Localized | null;
}

/** A style control as the editor shows it and the prompt renders it. */
export interface StyleControlSpec {
  id: StyleControlId;
  /** Interface text: the control's name and what it does. */
  label: Message;
  help: Message;
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

function level(label: Message, en?: string, zh?: string): StyleLevel {
  return { label, instruction: en && zh ? { en, zh } : null };
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
    label: msg('persona.style.replyLength.label'),
    help: msg('persona.style.replyLength.help'),
    levels: [
      level(msg('persona.style.replyLength.oneSentence'), 'Reply with one short sentence.', '每次只回复一句简短的话。'),
      level(msg('persona.style.replyLength.fewSentences'), 'Reply with a few sentences (two to four).', '每次回复两到四句话。'),
      level(msg('persona.style.replyLength.paragraph'), 'Reply with one full paragraph.', '每次回复一整段话。'),
      level(msg('persona.style.replyLength.severalParagraphs'), 'Reply at length, in several paragraphs.', '详细回复，可以写好几段。'),
    ],
  },
  formality: {
    id: 'formality',
    label: msg('persona.style.formality.label'),
    help: msg('persona.style.formality.help'),
    levels: [
      level(
        msg('persona.style.formality.casual'),
        'Speak casually, like with a close friend; slang and short forms are fine.',
        '说话随意，像和好朋友聊天，可以用口语和俚语。',
      ),
      level(msg('persona.style.formality.everyday')),
      level(msg('persona.style.formality.formal'), 'Speak formally and politely; avoid slang.', '说话正式、有礼貌，不用俚语。'),
    ],
  },
  emotionalIntensity: {
    id: 'emotionalIntensity',
    label: msg('persona.style.emotionalIntensity.label'),
    help: msg('persona.style.emotionalIntensity.help'),
    levels: [
      level(msg('persona.style.emotionalIntensity.restrained'), 'Keep your feelings restrained; show emotion only subtly.', '情绪克制，只含蓄地流露感情。'),
      level(msg('persona.style.emotionalIntensity.moderate')),
      level(msg('persona.style.emotionalIntensity.intense'), 'Show your emotions strongly and openly.', '情绪强烈，毫不掩饰地表达感情。'),
    ],
  },
  humour: {
    id: 'humour',
    label: msg('persona.style.humour.label'),
    help: msg('persona.style.humour.help'),
    levels: [
      level(msg('persona.style.humour.serious'), 'Stay serious; do not joke.', '保持严肃，不开玩笑。'),
      level(msg('persona.style.humour.nowAndThen')),
      level(msg('persona.style.humour.playful'), 'Be playful and joke often.', '活泼幽默，经常开玩笑。'),
    ],
  },
  initiative: {
    id: 'initiative',
    label: msg('persona.style.initiative.label'),
    help: msg('persona.style.initiative.help'),
    levels: [
      level(
        msg('persona.style.initiative.followsYou'),
        "Follow the other person's lead: answer, but rarely ask questions or change the topic.",
        '跟随对方：回答问题，但很少主动提问或转换话题。',
      ),
      level(msg('persona.style.initiative.balanced')),
      level(
        msg('persona.style.initiative.leads'),
        'Take the lead: ask questions, bring up topics and move the scene forward.',
        '主动引导：多提问、提出新话题、推动情节发展。',
      ),
    ],
  },
  warmth: {
    id: 'warmth',
    label: msg('persona.style.warmth.label'),
    help: msg('persona.style.warmth.help'),
    levels: [
      level(msg('persona.style.warmth.cold'), 'Be cold and distant toward the other person.', '对对方冷淡、疏远。'),
      level(msg('persona.style.warmth.neutral')),
      level(msg('persona.style.warmth.warm'), 'Be warm and friendly toward the other person.', '对对方温暖友好。'),
      level(msg('persona.style.warmth.affectionate'), 'Be openly affectionate and caring toward the other person.', '对对方亲昵、关怀备至。'),
    ],
  },
  emoji: {
    id: 'emoji',
    label: msg('persona.style.emoji.label'),
    help: msg('persona.style.emoji.help'),
    levels: [
      level(msg('persona.style.emoji.none'), 'Do not use emoji or kaomoji.', '不使用emoji或颜文字。'),
      level(msg('persona.style.emoji.sometimes'), 'Use an emoji or kaomoji now and then.', '偶尔使用emoji或颜文字。'),
      level(msg('persona.style.emoji.often'), 'Use emoji or kaomoji often, such as ^_^.', '经常使用emoji或颜文字，比如^_^。'),
    ],
  },
  catchphraseFrequency: {
    id: 'catchphraseFrequency',
    label: msg('persona.style.catchphraseFrequency.label'),
    help: msg('persona.style.catchphraseFrequency.help'),
    levels: [
      level(msg('persona.style.catchphraseFrequency.rarely'), 'Use your catchphrases rarely.', '很少说口头禅。'),
      level(msg('persona.style.catchphraseFrequency.sometimes')),
      level(msg('persona.style.catchphraseFrequency.often'), 'Use your catchphrases often, in most replies.', '经常说口头禅，大多数回复里都要有。'),
    ],
  },
  narration: {
    id: 'narration',
    label: msg('persona.style.narration.label'),
    help: msg('persona.style.narration.help'),
    levels: [
      level(msg('persona.style.narration.speechOnly'), 'Write only spoken words; no descriptions of actions.', '只写说出的话，不描写动作。'),
      level(msg('persona.style.narration.briefActions'), 'You may add brief actions in asterisks, such as *smiles*.', '可以在星号里简短描写动作，比如*微笑*。'),
      level(
        msg('persona.style.narration.richNarration'),
        'Describe your actions, expressions and surroundings in *asterisks* alongside your words.',
        '在*星号*里细致描写动作、神态和环境，与说话交替出现。',
      ),
    ],
  },
};
