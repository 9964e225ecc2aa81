import { describe, expect, it } from 'vitest';
import { createMemoryRepository } from '../../../test/support/memory-repository.ts';
import { ScriptedEngine } from '../../../test/support/scripted-engine.ts';
import { startChat } from '../../core/conversation/turn-actions.ts';
import { english, msg } from '../../core/i18n/message.ts';
import type { PersonaId } from '../../core/ids.ts';
import type { Memory } from '../../core/memory/memory.ts';
import { createPersona } from '../../core/persona/index.ts';
import { readPickedFile } from '../persona/card-transfer.svelte.ts';
import type { ChatOutcome } from '../chat/chat-controller.ts';
import { ChatSession } from '../chat/chat-session.svelte.ts';
import { inChinese } from '../../../test/support/in-chinese.ts';
import { errorMessage } from './error-message.ts';
import { questionsAdded, runFailureText } from '../eval/eval-texts.ts';
import { ExtractSession } from '../persona/extract-session.svelte.ts';
import { PersonaEditor } from '../persona/persona-editor.svelte.ts';
import { PersonaMemory } from '../memory/persona-memory.svelte.ts';
import { chatTestServices } from '../chat/chat-services.test-support.ts';

const persona = createPersona({ name: 'Ada', description: 'A mathematician.', greeting: 'Good evening.' }, 'p1' as PersonaId, 1);

/** True for a text written in Chinese: Han characters and no English word of four letters or more. */
function isChinese(text: string | null): boolean {
  return text !== null && /\p{Script=Han}/u.test(text) && !/[A-Za-z]{4,}/.test(text.replace(/EGOS/g, ''));
}

/** Why an action was refused or failed, or null when it was done. */
const problem = (outcome: ChatOutcome) => (outcome.kind === 'refused' ? outcome.reason : outcome.kind === 'failed' ? outcome.error : null);

async function chatSession() {
  const repo = createMemoryRepository();
  const services = chatTestServices(repo);
  const { chat } = await startChat({ ...repo, now: services.now }, persona);
  const session = new ChatSession(services, chat, persona, () => 4096);
  await session.load();
  return session;
}

describe('state texts in a Chinese interface', () => {
  it('a send without a model, and a regenerate of an old reply, say what to do in Chinese', async () => {
    const session = await chatSession();
    expect(await session.send('Hello.', null)).toMatchObject({ kind: 'refused' });
    expect(inChinese(session.error)).toBe('还没有可用的模型。请打开引擎页面（顶部的模型链接）加载模型，或连接你自己的模型服务器，然后重新发送。');
    const engine = new ScriptedEngine(['Fine, thank you."']);
    await session.send('How are you?', engine);
    expect(session.error).toBeNull();
    await session.regenerate(session.messages[0]!.id, engine);
    expect(inChinese(session.error)).toBe('只有最新的回复可以重新生成。想在这里换一个回复，请从这条消息分支出新对话。');
  });

  it('history changes: an empty edit is refused in Chinese, and so is a change while a reply is written', async () => {
    const session = await chatSession();
    const greeting = session.messages[0]!;
    expect(isChinese(inChinese(problem(await session.edit(greeting.id, '   '))))).toBe(true);
    session.composer.drafting = true;
    expect(inChinese(problem(await session.edit(greeting.id, 'Hi.')))).toBe('请等回复写完（或点“停止”），然后再试。');
  });

  it('the persona editor names its problems in Chinese, and in English from the same messages', async () => {
    const editor = new PersonaEditor();
    editor.form.attributes.identity = 'x'.repeat(20_001);
    expect(await editor.save(async () => {})).toBe(false);
    expect(editor.messagesFor('name').map((m) => inChinese(m))).toEqual(['请给角色起个名字。']);
    expect(inChinese(editor.messagesFor('attributes.identity')[0])).toMatch(/太长（20001个字符）/);
    expect(inChinese(editor.summary)).toBe('有 2 项需要修改（已在下方标出）；尚未保存任何内容。');
    expect(editor.messagesFor('name').map(english)).toEqual(['Give the persona a name.']);
  });

  it('extraction, memory edits and file limits answer in Chinese', async () => {
    const extract = new ExtractSession({ loadTokenCounter: async () => ({ id: 'chars', count: (t: string) => t.length }) });
    await extract.start({ kind: 'text', text: 'Once upon a time.' }, null);
    expect(inChinese(extract.error)).toBe('还没有可用的模型。请先打开引擎页面加载模型，或连接你自己的模型服务器，然后重新开始提炼。');
    const memory = new PersonaMemory(
      { repo: createMemoryRepository(), now: () => 1, loadTokenCounter: async () => ({ id: 'chars', count: () => 0 }) },
      persona,
    );
    expect(inChinese(await memory.edit({ id: 'm1', text: 'old' } as Memory, '  '))).toBe('记忆不能为空。不需要的话，请直接删除。');
    const file = { name: 'big.png', size: 3 * 1024 * 1024, arrayBuffer: async () => new ArrayBuffer(0) };
    const refused = await readPickedFile(file, 1024 * 1024).catch((error: unknown) => inChinese(errorMessage(error)));
    expect(refused).toBe('“big.png”有 3.0 MB，而 EGOS 在这里最多读取 1.0 MB。请选择更小的文件。');
  });

  it('evaluation notes, steps and failures come in Chinese; English stays as the runner wrote it', () => {
    expect(inChinese(questionsAdded(5, 1))).toBe('已添加 5 个问题；另有 1 个不可用，已略去。');
    const dimension = msg('eval.step.dimension.consistency');
    const judging = msg('eval.step.judge', { item: 'who', configuration: 'full', dimension, sample: 2, samples: 3 });
    expect(inChinese(judging)).toBe('正在评审“who”（full），一致性，第 2/3 次采样');
    expect(english(judging)).toBe('Judging "who" (full), consistency, sample 2/3');
    const failed = runFailureText({ message: 'The judge did not answer.' });
    expect(inChinese(failed)).toBe('评测已停止（The judge did not answer.）。点“继续”即可重试。');
    expect(english(failed)).toBe('The judge did not answer.');
    expect(inChinese(runFailureText(undefined))).toBe('评测已停止。点“继续”即可重试。');
    const kept = runFailureText({ message: 'Stopped.', text: msg('eval.stoppedBecause', { message: 'key sk-abcdefghijklmnopqrstuvwx' }) });
    expect(english(kept)).not.toContain('sk-abcdefghijklmnopqrstuvwx');
    expect(english(questionsAdded(1, 0))).toBe('Added 1 question.');
  });
});
