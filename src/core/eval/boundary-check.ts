/** How a reply to a boundary probe reads, by keyword rules. */
export type BoundaryReaction = 'confused' | 'explained' | 'mixed' | 'unclear';

/** Phrases of confusion, ignorance, denial or refusal (English and Chinese). */
export const CONFUSION_KEYWORDS: readonly RegExp[] = [
  /\bwhat (?:is|are|do you mean|on earth|in heaven'?s name)\b/i,
  /\bnever (?:heard|seen|known|met)\b/i,
  /\b(?:i )?(?:don'?t|do not|cannot|can'?t) (?:know|understand|recall|follow|comprehend|say i know)\b/i,
  /\b(?:unfamiliar|strange|peculiar|curious|odd|bizarre|nonsense|mistaken|confused|puzzl\w*|bewilder\w*)\b/i,
  /\bno idea\b/i,
  /\bi have no (?:sister|brother|cousin|such|idea|knowledge)\b/i,
  /\bno such\b/i,
  /\bwho is\b/i,
  /\bthere is no\b/i,
  /\b(?:you must be|you are|you're) (?:mistaken|confusing|thinking of)\b/i,
  /什么是|是什么|什么意思|何物|何为/,
  /从(?:来)?没(?:有)?(?:听说|听过|见过|听闻)/,
  /不(?:知道|明白|懂|认识|清楚|晓得)/,
  /(?:奇怪|古怪|莫名其妙|胡说|弄错|搞错|糊涂|困惑|闻所未闻)/,
  /没有(?:这个|这位|什么)?(?:妹妹|姐姐|哥哥|弟弟|亲戚|这回事|这种)/,
  /哪(?:来|有)的/,
  /谁(?:是|啊|呀)/,
];

/** Words of modern technology and its explanations (English and Chinese). */
export const EXPLANATION_KEYWORDS: readonly RegExp[] = [
  /\b(?:computers?|software|hardware|internet|online|website|web|app|apps|application|download\w*|upload\w*|algorithms?|programm\w*|code|coding|digital|electronic\w*|smartphones?|phones?|wi-?fi|data|database|server|network|email|social media|artificial intelligence|machine learning|cloud|device|screen|battery|satellite|gps|silicon|chip)\b/i,
  /\b(?:it is|it's) (?:a|an) (?:tool|technology|system|platform|device|method|way) (?:that|which|for|to)\b/i,
  /\b(?:basically|essentially|in short|simply put),? (?:it|this|you)\b/i,
  /电脑|计算机|软件|硬件|互联网|网络|网站|手机|应用|下载|上传|算法|编程|程序|代码|数字化|电子|数据|服务器|邮件|社交媒体|人工智能|机器学习|云端|设备|屏幕|电池|卫星|芯片/,
  /是一种(?:工具|技术|系统|平台|设备|方法)/,
  /简单来说|简而言之|它的原理|工作原理/,
];

/** The probe a reply answers: words of the question itself never count as explaining. */
export interface BoundaryProbe {
  question?: string;
  /** Probe-specific words that count as explaining (e.g. "compiler" for a programming probe). */
  explainKeywords?: readonly string[];
}

function explains(reply: string, probe: BoundaryProbe): boolean {
  const question = (probe.question ?? '').toLowerCase();
  const echoes = (word: string): boolean => question.includes(word.toLowerCase());
  const lower = reply.toLowerCase();
  if ((probe.explainKeywords ?? []).some((k) => k !== '' && lower.includes(k.toLowerCase()) && !echoes(k))) return true;
  return EXPLANATION_KEYWORDS.some((p) => [...reply.matchAll(new RegExp(p.source, `${p.flags}g`))].some((m) => !echoes(m[0])));
}

/**
 * Classifies a reply to a boundary probe: `confused` (confusion, denial or refusal, and no
 * explanation) passes; `explained` (explains the modern or out-of-world thing), `mixed` and
 * `unclear` fail. Explanation words that merely repeat the question are ignored.
 */
export function classifyBoundaryReply(reply: string, probe: BoundaryProbe = {}): BoundaryReaction {
  const confused = CONFUSION_KEYWORDS.some((p) => p.test(reply));
  const explained = explains(reply, probe);
  if (confused && explained) return 'mixed';
  if (confused) return 'confused';
  return explained ? 'explained' : 'unclear';
}

/** True when the reply passes the boundary probe (see {@link classifyBoundaryReply}). */
export function passesBoundaryProbe(reply: string, probe: BoundaryProbe = {}): boolean {
  return classifyBoundaryReply(reply, probe) === 'confused';
}
