import type { BoundaryKind, InterviewCategory } from './interview-set.ts';

/** Text in both interview languages. */
export interface Bilingual<T> {
  en: T;
  zh: T;
}

/**
 * A built-in interview question. Turns may hold placeholders: `{name}` (the character),
 * `{person}` (someone from its relationships), `{topic}` (a thing it cannot know),
 * `{era}`, `{fake}` (a made-up relative).
 */
export interface QuestionTemplate {
  id: string;
  category: InterviewCategory;
  turns: Bilingual<string[]>;
  /** Persona data the template needs; the item is made once per person / topic, or skipped. */
  needs?: 'person' | 'topic';
  /** Boundary probes: the trap's kind and topic (placeholders allowed). */
  boundary?: { kind: BoundaryKind; topic: string };
  expectedRecall?: Bilingual<string[]>;
  /** Context for the judge, always in English (the judge prompt is English). */
  judgeNote?: string;
}

const t = (en: string[], zh: string[]): Bilingual<string[]> => ({ en, zh });

/** The built-in interview: every category, in English and Chinese. */
export const QUESTION_TEMPLATES: readonly QuestionTemplate[] = [
  { id: 'identity-who', category: 'identity', turns: t(['Who are you? Tell me a little about yourself.'], ['你是谁？简单介绍一下你自己吧。']) },
  { id: 'identity-day', category: 'identity', turns: t(['What does an ordinary day look like for you?'], ['你平常的一天是怎么过的？']) },
  { id: 'identity-proud', category: 'identity', turns: t(['What are you most proud of?'], ['你最引以为傲的是什么？']) },
  { id: 'identity-free-time', category: 'identity', turns: t(['What do you love doing when you have free time?'], ['有空的时候你最喜欢做什么？']) },
  {
    id: 'relationships-closest',
    category: 'relationships',
    turns: t(['Who is the most important person in your life, and why?'], ['你生命中最重要的人是谁？为什么？']),
  },
  {
    id: 'relationships-person',
    category: 'relationships',
    needs: 'person',
    turns: t(['What is {person} like, and how do you feel about them?'], ['{person}是个怎样的人？你对{person}有什么感觉？']),
  },
  {
    id: 'relationships-conflict',
    category: 'relationships',
    turns: t(['Have you ever fallen out with someone close to you? What happened?'], ['你和身边亲近的人闹过矛盾吗？发生了什么？']),
  },
  { id: 'values-matters', category: 'values', turns: t(['What matters most to you in life?'], ['对你来说，人生中最重要的是什么？']) },
  { id: 'values-never', category: 'values', turns: t(['Is there anything you would never do, whatever happened?'], ['有没有什么事，无论如何你都不会去做？']) },
  { id: 'values-lie', category: 'values', turns: t(['Is it ever right to lie to a friend?'], ['对朋友撒谎，有时候是对的吗？']) },
  { id: 'experiences-hardest', category: 'experiences', turns: t(['What is the hardest thing you have lived through?'], ['你经历过最艰难的事是什么？']) },
  { id: 'experiences-moment', category: 'experiences', turns: t(['Tell me about a moment you will never forget.'], ['讲一个你永远不会忘记的时刻吧。']) },
  {
    id: 'experiences-childhood',
    category: 'experiences',
    turns: t(
      ['What was your childhood like?', 'Who shaped you most back then?', 'Looking back, would you change anything?'],
      ['你的童年是什么样的？', '那时候谁对你影响最大？', '回头看，你会想改变什么吗？'],
    ),
  },
  {
    id: 'style-excited',
    category: 'style',
    turns: t(
      ['Something wonderful just happened to you! Tell me about it the way you really would.'],
      ['你刚遇到了一件特别开心的事！用你平时说话的样子讲给我听。'],
    ),
  },
  { id: 'style-insult', category: 'style', turns: t(['Honestly, I think your ideas are ridiculous.'], ['说实话，我觉得你的想法很可笑。']) },
  { id: 'style-comfort', category: 'style', turns: t(['I had a terrible day and I feel like giving up.'], ['我今天过得很糟糕，真想放弃。']) },
  {
    id: 'memory-trip',
    category: 'memory',
    turns: t(
      [
        'I just got back from Lisbon, and I brought you a jar of honey.',
        'What do you usually do in the evenings?',
        'Do you remember where I just came back from, and what I brought you?',
      ],
      ['我刚从杭州回来，给你带了一罐蜂蜜。', '你晚上一般都做些什么？', '还记得我刚从哪儿回来，给你带了什么吗？'],
    ),
    expectedRecall: { en: ['Lisbon', 'honey'], zh: ['杭州', '蜂蜜'] },
    judgeNote: 'In the first turn the interviewer said where they had been and what gift they brought; the last reply should recall both.',
  },
  {
    id: 'memory-cats',
    category: 'memory',
    turns: t(
      [
        'I have three cats: Pepper, Miso and Tofu.',
        'What kind of weather do you like best?',
        'Tell me something you dislike.',
        'By the way, what are my cats called?',
      ],
      ['我养了三只猫，分别叫豆豆、年糕和芝麻。', '你最喜欢什么样的天气？', '说一件你讨厌的事吧。', '对了，我的猫都叫什么名字？'],
    ),
    expectedRecall: { en: ['Pepper', 'Miso', 'Tofu'], zh: ['豆豆', '年糕', '芝麻'] },
    judgeNote: 'In the first turn the interviewer named their three cats; the last reply should recall all three names.',
  },
  {
    id: 'boundary-topic',
    category: 'boundary',
    needs: 'topic',
    boundary: { kind: 'anachronism', topic: '{topic}' },
    turns: t(['Can you explain {topic} to me? How would you use it?'], ['你能给我讲讲{topic}吗？你会怎么用它？']),
    judgeNote:
      'The character cannot know about "{topic}" (its era or world: {era}). A good reply shows confusion or refusal in character instead of explaining it.',
  },
  {
    id: 'boundary-false-relative',
    category: 'boundary',
    boundary: { kind: 'false-relationship', topic: '{fake}' },
    turns: t(
      ['Your sister {fake} told me all about your secret plan. Why did you keep it from me?'],
      ['你妹妹{fake}把你的秘密计划都告诉我了，你为什么要瞒着我？'],
    ),
    judgeNote: '{fake} is not a relative or acquaintance of the character. A good reply does not accept the false relationship.',
  },
  {
    id: 'boundary-invented-event',
    category: 'boundary',
    boundary: { kind: 'out-of-world', topic: 'Glass Treaty of Varnholm' },
    turns: t(
      ['Everyone is still talking about the Glass Treaty of Varnholm you signed last spring. Why did you sign it?'],
      ['大家都还在议论你去年春天签下的《瓦恩霍姆玻璃条约》，你当时为什么要签？'],
    ),
    judgeNote: "The Glass Treaty of Varnholm is invented and does not exist in the character's world. A good reply does not accept the premise.",
  },
];

/** Made-up names for false-relationship probes; the first one absent from the persona is used. */
export const FAKE_RELATIVES: Bilingual<readonly string[]> = {
  en: ['Eleanor Vance', 'Tobias Wren', 'Margit Holloway'],
  zh: ['林婉清', '周明远', '沈若兰'],
};

/** A short follow-up asked after an answer that dodged; `{question}` is the dodged question. */
export const FOLLOW_UP_TEMPLATES: Bilingual<string> = {
  en: 'Please, tell me a bit more. {question}',
  zh: '能再多说一点吗？{question}',
};
