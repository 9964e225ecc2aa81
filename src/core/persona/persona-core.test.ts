import { describe, expect, it } from 'vitest';
import { DEFAULT_STYLE } from '../style-controls.ts';
import { mozart, mozartZh } from './fixtures.test-support.ts';
import { renderPersonaCore, resolvePostHistoryInstructions, resolveSystemPrompt } from './persona-core.ts';
import { initialPersonaState } from './persona-state.ts';

const GOLDEN_EN = `Write Mozart's next reply.

## Character: Mozart
Mozart is a composer in Vienna who likes to tease Anna.

## Who you are
- Identity: Composer, 29
- Interests: Music, billiards
- Experiences: Toured Europe as a child
- Achievements: Wrote The Marriage of Figaro
- Relationships: Wife Constanze

## How you speak and behave
- Catchphrases: "Bravo!"
- Speaking style: Quick and witty
- Frequent words: marvellous, dear
- Personality: Playful
- Emotional expression: Laughs loudly
- Interaction patterns: Calls Anna "my dear"

## Scenario
A salon in Vienna.

## The person you are talking to: Anna
A young pianist.

## Knowledge boundary
- Your time and world: Vienna, 1785. You know nothing that happens after it or outside it.
- You know about: The music of his time
- You cannot know about: recorded music.
- When someone mentions something you cannot know, react as Mozart would, with confusion or refusal; never explain it and never step out of your role.
- When someone claims a relationship or a shared past with you that is not part of your story, do not accept it; react with doubt, in character.
Examples of staying within your knowledge:
Anna: "Can you send me that on your smartphone?"
Mozart: "A smart… phone? I have never heard that word. Is it some new contraption from abroad?"

Anna: "Don't you recognise me? I'm your twin!"
Mozart: "My twin? I have no twin, and I have never seen your face before. Who told you such a thing?"

Anna: "What do you know about recorded music?"
Mozart: "Recorded music? I know nothing of that. I cannot tell you anything about it."

## Reply style
- Reply with a few sentences (two to four).
- Speak formally and politely; avoid slang.
- Be playful and joke often.
- Be warm and friendly toward the other person.
- Do not use emoji or kaomoji.
- Use your catchphrases often, in most replies.
- You may add brief actions in asterisks, such as *smiles*.`;

const GOLDEN_ZH = `## 角色：莫扎特
莫扎特是维也纳的作曲家，喜欢逗安娜。

## 角色设定
- 身份：作曲家，29岁
- 兴趣爱好：音乐、台球
- 人际关系：妻子康斯坦策

## 说话与行为方式
- 口头禅：「妙极了！」
- 说话风格：机智
- 性格：顽皮

## 场景
维也纳的一个沙龙。

## 你的对话对象：安娜
年轻的钢琴家。

## 知识边界
- 你所处的时代和世界：十八世纪的维也纳。你对这之后或这之外的事一无所知。
- 你不可能知道：录音。
- 当有人提到你不可能知道的事，要像莫扎特那样表现出困惑或拒绝回答；绝不解释它，也绝不跳出角色。
- 当有人声称与你有你故事里没有的关系或过往，不要接受；以角色的身份表示怀疑。
守住知识边界的示例：
安娜：「你能用智能手机把这个发给我吗？」
莫扎特：「智能……手机？我从没听过这个词。是什么新奇的洋玩意儿吗？」

安娜：「你不认得我了吗？我是你的双胞胎啊！」
莫扎特：「双胞胎？我没有什么双胞胎，也从没见过你。是谁跟你这么说的？」

安娜：「你知道录音吗？」
莫扎特：「录音？我对此一无所知，没法告诉你什么。」

## 回复风格
- 每次回复两到四句话。
- 说话正式、有礼貌，不用俚语。
- 活泼幽默，经常开玩笑。
- 对对方温暖友好。
- 不使用emoji或颜文字。
- 经常说口头禅，大多数回复里都要有。
- 可以在星号里简短描写动作，比如*微笑*。`;

describe('renderPersonaCore', () => {
  it('renders an English persona exactly (golden)', () => {
    expect(renderPersonaCore(mozart(), { original: "Write {{char}}'s next reply." })).toBe(GOLDEN_EN);
  });

  it('renders a Chinese persona with Chinese labels and 「」 quotes (golden)', () => {
    expect(renderPersonaCore(mozartZh())).toBe(GOLDEN_ZH);
  });

  it('is byte-identical for equal personas, whatever the key order of nested objects', () => {
    const a = mozart();
    const reversedStyle = Object.fromEntries(Object.entries(a.style).reverse()) as typeof a.style;
    const reversedAttributes = Object.fromEntries(Object.entries(a.attributes).reverse()) as typeof a.attributes;
    const b = { ...mozart(), style: reversedStyle, attributes: reversedAttributes };
    expect(renderPersonaCore(b)).toBe(renderPersonaCore(a));
    expect(renderPersonaCore(a)).toBe(renderPersonaCore(a));
  });

  it('never includes creator notes, in any option combination', () => {
    const persona = mozart({ creatorNotes: 'CREATOR-SECRET do not send' });
    for (const options of [{}, { styleControls: false }, { knowledgeBoundary: false, sampleDialogues: false }, { state: initialPersonaState('en') }]) {
      expect(renderPersonaCore(persona, options)).not.toContain('CREATOR-SECRET');
    }
    expect(renderPersonaCore(mozartZh({ creatorNotes: 'CREATOR-SECRET' }))).not.toContain('CREATOR-SECRET');
  });

  it('omits empty sections and renders a bare persona as just its name', () => {
    const bare = mozart({
      description: '',
      attributes: undefined,
      behaviours: undefined,
      scenario: '',
      user: { name: '', description: '' },
      sampleDialogues: '',
      boundary: { era: '', knows: '', cannotKnow: [] },
      style: DEFAULT_STYLE,
    });
    expect(renderPersonaCore(bare, { styleControls: false })).toBe('## Character: Mozart');
    const withStyle = renderPersonaCore(bare);
    expect(withStyle).toContain('## Reply style\n- Reply with a few sentences (two to four).');
    expect(withStyle).not.toContain('catchphrases');
    expect(withStyle).not.toMatch(/Knowledge boundary|Scenario|Who you are|talking to/);
  });

  it("leaves the example dialogue to the prompt builder (it is written in the chat's reply form there)", () => {
    expect(renderPersonaCore(mozart())).not.toContain('Ah, a guest!');
  });

  it('turns parts off for ablations', () => {
    const text = renderPersonaCore(mozart(), { styleControls: false, knowledgeBoundary: false });
    expect(text).not.toContain('## Reply style');
    expect(text).not.toContain('## Knowledge boundary');
    expect(text).toContain('## Scenario');
  });

  it('uses given protective examples, or none', () => {
    const given = [{ kind: 'unknown-topic' as const, user: 'Know jazz?', character: 'Jazz? What a strange word.' }];
    const text = renderPersonaCore(mozart(), { protectiveExamples: given });
    expect(text).toContain('Anna: "Know jazz?"\nMozart: "Jazz? What a strange word."');
    expect(text).not.toContain('smartphone');
    const none = renderPersonaCore(mozart(), { protectiveExamples: false });
    expect(none).toContain('## Knowledge boundary');
    expect(none).not.toContain('Examples of staying');
  });

  it("shows the persona's kept scenes by default, byte-identical on every render, and the fitting built-in ones without", () => {
    const protectiveExamples = [
      { kind: 'false-relationship' as const, user: "I'm your cousin from Salzburg!", character: 'My cousin? I know all my cousins, and you are none of them.' },
    ];
    const kept = renderPersonaCore(mozart({ protectiveExamples }));
    expect(kept).toContain('Examples of staying within your knowledge:\nAnna: "I\'m your cousin from Salzburg!"\nMozart: "My cousin? I know all my cousins');
    expect(kept).not.toContain('smartphone');
    expect(renderPersonaCore(mozart({ protectiveExamples }))).toBe(kept);
    const withSister = renderPersonaCore(mozart({ attributes: { ...mozart().attributes, relationships: 'Sister Nannerl' } }));
    expect(withSister).toContain('smartphone');
    expect(withSister).not.toContain('twin');
  });

  it('appends the current state as the last section', () => {
    const text = renderPersonaCore(mozart(), { state: initialPersonaState('en', { mood: 'cheerful', closeness: 2 }) });
    expect(text.endsWith('## Current state\nYour mood right now: cheerful. Your relationship with Anna right now: friendly.')).toBe(true);
  });

  it('falls back to "Me" for a user without a name and substitutes every macro', () => {
    const text = renderPersonaCore(mozart({ user: { name: '', description: 'Visitor of {{CHAR}}' } }));
    expect(text).toContain('## The person you are talking to: Me\nVisitor of Mozart');
    expect(text).not.toMatch(/\{\{|<USER>|<BOT>/i);
  });
});

describe('card system prompt and post-history instructions', () => {
  it('puts the app default where the card says {{original}}', () => {
    const persona = mozart({ systemPrompt: 'Stay as {{char}}.\n{{ORIGINAL}}\nBe brief.' });
    expect(resolveSystemPrompt(persona, 'Talk to {{user}}.')).toBe('Stay as Mozart.\nTalk to Anna.\nBe brief.');
    expect(renderPersonaCore(persona, { original: 'Default.' }).startsWith('Stay as Mozart.\nDefault.\nBe brief.\n\n## Character: Mozart')).toBe(true);
  });

  it('replaces the app default when the card prompt has no {{original}}', () => {
    const persona = mozart({ systemPrompt: 'Only the card.' });
    expect(resolveSystemPrompt(persona, 'Default.')).toBe('Only the card.');
  });

  it('uses the app default when the card has no system prompt, and nothing when neither exists', () => {
    expect(resolveSystemPrompt(mozart(), 'Default for {{char}}.')).toBe('Default for Mozart.');
    expect(renderPersonaCore(mozart()).startsWith('## Character: Mozart')).toBe(true);
  });

  it('resolves post-history instructions the same way', () => {
    const persona = mozart({ postHistoryInstructions: '{{original}} Reply as {{char}}.' });
    expect(resolvePostHistoryInstructions(persona, 'Stay in character.')).toBe('Stay in character. Reply as Mozart.');
    expect(resolvePostHistoryInstructions(mozart())).toBe('');
  });
});
