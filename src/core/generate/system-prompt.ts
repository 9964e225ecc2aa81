import type { Speakers } from './prompt-layout.ts';
import { formatLine } from './quote-style.ts';

/**
 * The task and rules that follow the persona core in the system prompt: stay in role, exactly
 * one reply, speak only as the character, answer as one quoted line. Stable for a persona.
 */
export function renderTaskRules(s: Speakers): string {
  if (s.language === 'zh') {
    return [
      '[任务]',
      `你是${s.name}。以${s.name}的身份继续与${s.userName}的角色扮演对话。`,
      '',
      '[规则]',
      `- 始终保持${s.name}的身份，不要说自己是AI、模型或助手。`,
      `- 每次只写一条回复，只以${s.name}的口吻说话，不要替${s.userName}说话。`,
      `- 回复写成一行：${formatLine(s.name, '……', 'zh')}`,
    ].join('\n');
  }
  return [
    '[Task]',
    `You are ${s.name}. Continue the role-play with ${s.userName}, speaking as ${s.name}.`,
    '',
    '[Rules]',
    `- Stay in role as ${s.name} at all times; never say you are an AI, a model or an assistant.`,
    `- Write exactly one reply, spoken by ${s.name} only; never write ${s.userName}'s lines.`,
    `- Answer in one line: ${formatLine(s.name, '…', 'en')}`,
  ].join('\n');
}

/** The system message content: persona core, then task and rules. */
export function renderSystemContent(personaCore: string, s: Speakers): string {
  const core = personaCore.trim();
  const rules = renderTaskRules(s);
  return core === '' ? rules : `${core}\n\n${rules}`;
}
