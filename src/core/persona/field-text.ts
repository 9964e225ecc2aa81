import type { PersonaAttributes, PersonaBehaviours, PersonaLanguage } from './persona.ts';
import type { Localized } from './localized.ts';

/** Path of an editable persona field, as used by the editor and by validation errors. */
export type PersonaField =
  | 'name'
  | 'language'
  | 'description'
  | 'attributes'
  | `attributes.${keyof PersonaAttributes}`
  | 'behaviours'
  | `behaviours.${keyof PersonaBehaviours}`
  | 'greeting'
  | 'alternateGreetings'
  | 'sampleDialogues'
  | 'scenario'
  | 'systemPrompt'
  | 'postHistoryInstructions'
  | 'user'
  | 'user.name'
  | 'user.description'
  | 'style'
  | 'boundary'
  | 'boundary.era'
  | 'boundary.knows'
  | 'boundary.cannotKnow'
  | 'sampling'
  | 'lore'
  | 'tags'
  | 'creator'
  | 'creatorNotes'
  | 'avatar';

/** Label and help text of one field, in both languages. */
export interface FieldText {
  label: Localized;
  help: Localized;
}

function t(en: string, zh: string, helpEn: string, helpZh: string): FieldText {
  return { label: { en, zh }, help: { en: helpEn, zh: helpZh } };
}

/** Label and help of every persona field; the prompt's section titles reuse these labels. */
export const PERSONA_FIELD_TEXT: Readonly<Record<PersonaField, FieldText>> = {
  name: t('Name', '名字', 'What the character is called; used as the speaker name in the chat.', '角色的名字，也是对话里的说话人名字。'),
  language: t('Language', '语言', 'The main language of the character: decides quote marks and labels.', '角色的主要语言，决定引号样式和标签语言。'),
  description: t('Description', '简介', 'A short summary of who the character is.', '用几句话概括这个角色是谁。'),
  attributes: t('Attributes', '属性', 'What the character says about itself.', '角色会说到的关于自己的事。'),
  'attributes.identity': t('Identity', '身份', 'Age, occupation, origin, status.', '年龄、职业、出身、地位等。'),
  'attributes.interests': t('Interests', '兴趣爱好', 'Hobbies and what the character likes to talk about.', '爱好，以及喜欢聊的话题。'),
  'attributes.viewpoints': t('Viewpoints', '观点', 'Beliefs, values and opinions.', '信念、价值观和看法。'),
  'attributes.experiences': t('Experiences', '经历', "Important events in the character's life.", '角色人生中的重要经历。'),
  'attributes.achievements': t('Achievements', '成就', 'What the character is known or proud of.', '角色为人所知或引以为傲的事。'),
  'attributes.relationships': t(
    'Relationships',
    '人际关系',
    'Family, friends, rivals and how the character sees them.',
    '家人、朋友、对手，以及角色对他们的看法。',
  ),
  'attributes.other': t('Other facts', '其他', 'Anything else the character would say about itself.', '角色会提到的其他关于自己的信息。'),
  behaviours: t('Behaviours', '行为', 'How the character speaks and acts.', '角色怎么说话、怎么行事。'),
  'behaviours.catchphrases': t('Catchphrases', '口头禅', 'Phrases the character repeats, one per line.', '角色常挂在嘴边的话，每行一句。'),
  'behaviours.dialect': t('Dialect', '方言', 'Regional speech or accent, if any.', '方言或口音（如有）。'),
  'behaviours.speakingStyle': t('Speaking style', '说话风格', 'Sentence length, vocabulary, tone.', '句子长短、用词、语气等。'),
  'behaviours.frequentWords': t(
    'Frequent words',
    '常用词',
    'Words and expressions the character uses often, one per line.',
    '角色常用的词语和表达，每行一个。',
  ),
  'behaviours.personality': t('Personality', '性格', 'E.g. gentle, cold, cheerful, stubborn.', '例如：温柔、冷淡、开朗、固执。'),
  'behaviours.emotionalExpression': t('Emotional expression', '情感表达', 'How the character shows feelings.', '角色如何表达情绪。'),
  'behaviours.interactionPatterns': t(
    'Interaction patterns',
    '互动方式',
    'How the character treats others: nicknames, teasing, questions.',
    '角色如何与人相处：称呼、调侃、提问等。',
  ),
  greeting: t('Greeting', '开场白', "The character's first message in a new chat.", '新对话里角色说的第一句话。'),
  alternateGreetings: t('Alternate greetings', '备选开场白', 'Other first messages you can swipe between.', '可以切换的其他开场白。'),
  sampleDialogues: t(
    'Sample dialogues',
    '对话示例',
    'Example lines such as Name: "…", used as examples of how the character talks.',
    '示例台词，例如 名字：「……」，用来示范角色怎么说话。',
  ),
  scenario: t('Scenario', '场景', 'Where and when the conversation takes place.', '对话发生的时间和地点。'),
  systemPrompt: t(
    'System prompt override',
    '系统提示词覆盖',
    "Replaces the app's instructions; write {{original}} to keep them.",
    '替换应用自带的指令；写 {{original}} 可保留原指令。',
  ),
  postHistoryInstructions: t('Post-history instructions', '历史后指令', 'Instructions placed after the chat history.', '放在聊天记录之后的指令。'),
  user: t('Your persona', '你的身份', 'Who you are in this role-play.', '你在这个角色扮演中的身份。'),
  'user.name': t('Your name', '你的名字', 'What the character calls you.', '角色怎么称呼你。'),
  'user.description': t('About you', '关于你', 'Who you are in this role-play.', '你在这个角色扮演中的身份。'),
  style: t('Style', '风格', 'Visible controls for how the character replies.', '控制角色回复方式的选项。'),
  boundary: t('Knowledge boundary', '知识边界', 'What the character can and cannot know.', '角色能知道和不可能知道的事。'),
  'boundary.era': t(
    'Era or world',
    '时代或世界',
    'When and where the character lives, e.g. "Vienna, 1785" or "after book 3".',
    '角色所在的时代和世界，例如“1785年的维也纳”或“第三卷之后”。',
  ),
  'boundary.knows': t('What the character knows', '角色知道的事', 'Knowledge the character has.', '角色掌握的知识。'),
  'boundary.cannotKnow': t(
    'What the character cannot know',
    '角色不可能知道的事',
    'Topics the character reacts to with confusion or refusal, one per line.',
    '角色会感到困惑或拒绝回答的话题，每行一个。',
  ),
  sampling: t('Sampling', '采样参数', 'Temperature and other generation settings for this character.', '这个角色的温度等生成参数。'),
  lore: t('Lore book', '设定集', 'Entries added to the prompt when their keywords appear.', '出现关键词时加入提示词的设定条目。'),
  tags: t('Tags', '标签', 'Words to find the character by.', '用于查找角色的关键词。'),
  creator: t('Creator', '作者', 'Who made this character.', '角色的作者。'),
  creatorNotes: t('Creator notes', '作者备注', 'Notes for you; never sent to the model.', '给你看的备注，不会发送给模型。'),
  avatar: t('Avatar', '头像', 'A PNG, JPEG or WebP picture.', 'PNG、JPEG或WebP格式的图片。'),
};

/** The label of a field in `language`. */
export function fieldLabel(field: PersonaField, language: PersonaLanguage): string {
  return PERSONA_FIELD_TEXT[field].label[language];
}

/** The help text of a field in `language`. */
export function fieldHelp(field: PersonaField, language: PersonaLanguage): string {
  return PERSONA_FIELD_TEXT[field].help[language];
}
