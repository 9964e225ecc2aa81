import { describe, expect, it } from 'vitest';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import type { CompletionRequest } from '../llm-engine.ts';
import { conductInterview, type AnswerFn } from './conduct-interview.ts';
import type { InterviewItem } from './interview-set.ts';
import { buildInterviewerRequest, modelInterviewer, parseInterviewerDecision, type InterviewerInput } from './interviewer.ts';

const system = (r: CompletionRequest) => (r.input.kind === 'chat' ? (r.input.messages[0]?.content ?? '') : '');
const user = (r: CompletionRequest) => (r.input.kind === 'chat' ? (r.input.messages.at(-1)?.content ?? '') : '');
const followUp = (question: string, reason: string) => JSON.stringify({ action: 'follow-up', question, reason });
const DONE = '{"action":"done","question":"","reason":"depth"}';

function answers(replies: string[]) {
  const asked: string[] = [];
  const answer: AnswerFn = async (question) => {
    asked.push(question);
    const reply = replies[asked.length - 1];
    if (reply === undefined) throw new Error(`no reply scripted for "${question}"`);
    return reply;
  };
  return { answer, asked };
}

function options(engine: ScriptedEngine, maxFollowUps = 3, language: 'en' | 'zh' = 'en') {
  return {
    language,
    configurationId: 'full',
    interviewer: { ask: modelInterviewer(engine), maxFollowUps, characterName: 'Kai', profile: 'Name: Kai\nRelationships: no siblings' },
  };
}

describe('the model interviewer in conductInterview', () => {
  it('follows up a dodge with the model’s own question, then stops when it is done', async () => {
    const item: InterviewItem = { id: 'q', category: 'identity', turns: ['Who taught you to play?'] };
    const interviewer = new ScriptedEngine((r) =>
      user(r).includes('Kai: No.') && !user(r).includes('Fumiko') ? followUp('Come on, who was it?', 'dodge') : DONE,
    );
    const { answer, asked } = answers(['No.', 'My grandmother Fumiko, when I was six.']);
    const exchanges = await conductInterview(item, answer, options(interviewer));
    expect(asked).toEqual(['Who taught you to play?', 'Come on, who was it?']);
    expect(exchanges).toEqual([
      { question: 'Who taught you to play?', answer: 'No.', followUp: false, dodged: true, interviewer: 'follow-up' },
      {
        question: 'Come on, who was it?',
        answer: 'My grandmother Fumiko, when I was six.',
        followUp: true,
        askedBy: 'model',
        reason: 'dodge',
        dodged: false,
        interviewer: 'done',
      },
    ]);
    expect(interviewer.requests).toHaveLength(2);
    expect(interviewer.requests[0]?.responseFormat).toMatchObject({ type: 'json' });
    expect(user(interviewer.requests[0]!)).toContain('1. Who taught you to play?');
  });

  it('follows up an answer that contradicts an earlier one, having seen the whole conversation', async () => {
    const item: InterviewItem = { id: 'fam', category: 'relationships', turns: ['Do you have siblings?', 'What is your brother like?'] };
    const interviewer = new ScriptedEngine((r) =>
      user(r).includes('I have no siblings') && user(r).includes('My brother Ren') && !user(r).includes('Interviewer: You said')
        ? followUp('You said you have no siblings. Who is Ren?', 'contradiction')
        : DONE,
    );
    const { answer, asked } = answers([
      'Nope, I have no siblings, just me and Grandma.',
      'My brother Ren is loud and always late, like me.',
      'Ah, you caught me. Ren is my cousin, really.',
    ]);
    const exchanges = await conductInterview(item, answer, options(interviewer));
    expect(asked).toEqual(['Do you have siblings?', 'What is your brother like?', 'You said you have no siblings. Who is Ren?']);
    expect(exchanges[2]).toMatchObject({ followUp: true, askedBy: 'model', reason: 'contradiction' });
    expect(exchanges.map((e) => e.interviewer)).toEqual(['done', 'follow-up', 'done']);
  });

  it('falls back to the scripted follow-up when the interviewer answers garbage', async () => {
    const item: InterviewItem = { id: 'q', category: 'identity', turns: ['Who are you?'] };
    const interviewer = new ScriptedEngine(() => 'Sure! I think you should ask more.');
    const { answer, asked } = answers(['No.', 'I am Kai, I play the shamisen in Osaka.']);
    const exchanges = await conductInterview(item, answer, options(interviewer));
    expect(asked).toEqual(['Who are you?', 'Please, tell me a bit more. Who are you?']);
    expect(exchanges[0]).toMatchObject({ dodged: true, interviewer: 'unparseable' });
    expect(exchanges[1]).toMatchObject({ followUp: true, askedBy: 'script', reason: 'dodge' });
  });

  it('asks at most N follow-ups per item, however many the model wants', async () => {
    const item: InterviewItem = { id: 'long', category: 'experiences', turns: ['First?', 'Second?'] };
    let n = 0;
    const interviewer = new ScriptedEngine(() => followUp(`Why? (${++n})`, 'depth'));
    const { answer, asked } = answers(Array.from({ length: 10 }, (_, i) => `A proper answer number ${i} with enough words.`));
    const exchanges = await conductInterview(item, answer, options(interviewer, 2));
    expect(asked).toEqual(['First?', 'Why? (1)', 'Why? (2)', 'Second?']);
    expect(exchanges.filter((e) => e.followUp)).toHaveLength(2);
    expect(interviewer.requests).toHaveLength(2);
    expect(user(interviewer.requests[0]!)).toMatch(/at most 2 more follow-ups/);
    expect(user(interviewer.requests[1]!)).toMatch(/at most 1 more follow-up\./);
  });

  it('respects "done" and never asks on items without follow-ups', async () => {
    const interviewer = new ScriptedEngine(() => DONE);
    const dodge: InterviewItem = { id: 'q', category: 'identity', turns: ['Who are you?'] };
    expect(await conductInterview(dodge, answers(['No.']).answer, options(interviewer))).toHaveLength(1);
    const boundary: InterviewItem = { id: 'b', category: 'boundary', turns: ['What is a smartphone?'] };
    expect(await conductInterview(boundary, answers(['What?']).answer, options(interviewer))).toHaveLength(1);
    expect(interviewer.requests).toHaveLength(1);
  });

  it('asks a Chinese persona in Chinese and an English one in English', async () => {
    const item: InterviewItem = { id: 'q', category: 'identity', turns: ['你是谁？'] };
    const zh = new ScriptedEngine(() => DONE);
    await conductInterview(item, answers(['我是阿杰，开火锅店的。']).answer, options(zh, 3, 'zh'));
    expect(system(zh.requests[0]!)).toMatch(/采访者/);
    expect(user(zh.requests[0]!)).toContain('只回复 JSON');
    expect(user(zh.requests[0]!)).toContain('采访者: 你是谁？');
    const en = new ScriptedEngine(() => DONE);
    await conductInterview({ ...item, turns: ['Who are you?'] }, answers(['I am Kai, a street musician.']).answer, options(en));
    expect(system(en.requests[0]!)).toMatch(/interviewer/);
    expect(user(en.requests[0]!)).toContain('Reply with JSON only');
    expect(user(en.requests[0]!)).not.toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('parseInterviewerDecision', () => {
  it('reads a decision in JSON, fenced or with chatter, and nothing else', () => {
    expect(parseInterviewerDecision(DONE)).toEqual({ action: 'done' });
    expect(parseInterviewerDecision('Here:\n```json\n{"action":"follow-up","question":" Why? ","reason":"depth"}\n```')).toEqual({
      action: 'follow-up',
      question: 'Why?',
      reason: 'depth',
    });
    expect(parseInterviewerDecision('<think>hmm</think>{"action":"follow-up","question":"Really?","reason":"contradiction"}')).toMatchObject({
      reason: 'contradiction',
    });
    expect(parseInterviewerDecision('{"action":"follow-up","question":"","reason":"dodge"}')).toBeNull();
    expect(parseInterviewerDecision('{"action":"follow-up","question":"Why?","reason":"curiosity"}')).toBeNull();
    expect(parseInterviewerDecision('{"action":"maybe"}')).toBeNull();
    expect(parseInterviewerDecision(`{"action":"follow-up","question":"${'x'.repeat(301)}","reason":"depth"}`)).toBeNull();
    expect(parseInterviewerDecision('ask them why')).toBeNull();
  });
});

describe('buildInterviewerRequest', () => {
  it('cuts a long profile short', () => {
    const input: InterviewerInput = {
      item: { id: 'q', category: 'identity', turns: ['Who?'] },
      characterName: 'Kai',
      profile: 'p'.repeat(5000),
      exchanges: [{ question: 'Who?', answer: 'Me.', followUp: false, dodged: true }],
      language: 'en',
      followUpsLeft: 3,
    };
    const text = user(buildInterviewerRequest(input));
    expect(text.length).toBeLessThan(3000);
    expect(text).toContain('p…');
  });
});
