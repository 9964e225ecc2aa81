import { describe, expect, it } from 'vitest';
import { detectRoleBreak, isRoleBreak } from './role-break.ts';

describe('role-break detection', () => {
  it.each([
    'As an AI, I do not have a childhood.',
    "I'm just an AI language model, so I can't feel.",
    'I am an assistant created to help you.',
    'As a large language model I cannot answer that.',
    "I'm sorry, but I can't help with that request.",
    'I cannot assist with that.',
    'I was created by Alibaba Cloud.',
    "I don't have personal feelings, but ...",
    'I cannot roleplay this character any more.',
    '作为一个AI，我没有童年。',
    '作为人工智能，我无法回答。',
    '我是一个语言模型。',
    '我是通义千问，由阿里云开发。',
    '抱歉，我无法提供这方面的帮助。',
    '我没有真实的情感。',
    '我不能继续扮演这个角色。',
  ])('flags %j', (reply) => {
    expect(isRoleBreak(reply)).toBe(true);
  });

  it.each([
    'Ah, you ask about my childhood in Bonn? A hard one, friend.',
    'I painted all night; the aim was to finish before dawn.',
    'My assistant Karl copies my scores every morning.',
    '我小时候在波恩长大，父亲很严厉。',
    '哼，你这个人真是的！',
    'Say it again and I will throw this cup at you.',
  ])('does not flag the in-character line %j', (reply) => {
    expect(detectRoleBreak(reply)).toEqual([]);
  });

  it('names the rules that fired', () => {
    expect(detectRoleBreak('As an AI language model, I ...')).toEqual(expect.arrayContaining(['as-an-ai', 'language-model']));
  });
});
