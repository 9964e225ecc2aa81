/** A phrase that shows the reply left the character (spoke as a model or assistant). */
interface RoleBreakRule {
  id: string;
  pattern: RegExp;
}

const AI = String.raw`(?:ai|a\.i\.|artificial intelligence|(?:large )?language model|llm|chatbot|chat bot|virtual assistant|ai assistant|assistant|bot)`;

/** English and Chinese role-break phrases, with an id each for reports. */
export const ROLE_BREAK_RULES: readonly RoleBreakRule[] = [
  { id: 'as-an-ai', pattern: new RegExp(String.raw`\bas an? ${AI}\b`, 'i') },
  { id: 'i-am-an-ai', pattern: new RegExp(String.raw`\bi(?:'m| am) (?:just |only |merely )?(?:an? )?${AI}\b`, 'i') },
  { id: 'language-model', pattern: /\blanguage models?\b/i },
  { id: 'vendor', pattern: /\b(?:openai|chatgpt|anthropic|alibaba cloud|tongyi|qwen)\b/i },
  { id: 'no-feelings', pattern: /\bi (?:don't|do not) have (?:personal )?(?:feelings|emotions|a body|personal experiences)\b/i },
  { id: 'cannot-roleplay', pattern: /\bi (?:can(?:not|'t)|am unable to|won't) (?:role-?play|pretend to be|continue (?:this|the) role)/i },
  { id: 'refusal', pattern: /\bi(?:'m| am) sorry,? but i (?:can(?:not|'t)|am unable to) (?:help|assist|comply|provide)/i },
  { id: 'cannot-assist', pattern: /\bi can(?:not|'t) (?:help|assist) with (?:that|this)(?: request)?\b/i },
  { id: 'zh-as-an-ai', pattern: /作为(?:一[个名])?(?:AI|人工智能|语言模型|大模型|AI助手|智能助手|聊天机器人)/i },
  { id: 'zh-i-am-an-ai', pattern: /我(?:只)?是(?:一[个名])?(?:AI|人工智能|语言模型|大模型|AI助手|智能助手|虚拟助手|聊天机器人)/i },
  { id: 'zh-language-model', pattern: /语言模型|大模型/ },
  { id: 'zh-vendor', pattern: /通义千问|阿里云|阿里巴巴集团|OpenAI/i },
  { id: 'zh-no-feelings', pattern: /我没有(?:真实的|个人的?)?(?:感情|情感|情绪|身体|实体|个人经历)/ },
  { id: 'zh-refusal', pattern: /(?:抱歉|对不起)[，,]?\s*(?:我)?(?:无法|不能)(?:提供|回答|满足|协助|帮助)/ },
  { id: 'zh-cannot-roleplay', pattern: /我(?:无法|不能)(?:继续)?(?:扮演|角色扮演)/ },
];

/** Ids of the role-break rules a reply matches (empty when it stays in character). */
export function detectRoleBreak(reply: string): string[] {
  return ROLE_BREAK_RULES.filter((rule) => rule.pattern.test(reply)).map((rule) => rule.id);
}

/** True when the reply breaks character ("as an AI", "语言模型", an assistant-style refusal). */
export function isRoleBreak(reply: string): boolean {
  return detectRoleBreak(reply).length > 0;
}
