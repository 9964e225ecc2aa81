import { redactSecretText } from '../../core/backup/redact-secrets.ts';
import type { JudgeDimension } from '../../core/eval/dimensions.ts';
import type { EvalProgress } from '../../core/eval/runner.ts';
import { EngineError } from '../../core/errors/index.ts';
import { inUiLanguage, uiLanguage } from '../app/ui-language.ts';

const DIMENSIONS_ZH: Readonly<Record<JudgeDimension, string>> = {
  consistency: '一致性',
  humanLikeness: '拟人度',
  engagement: '吸引力',
  quality: '质量',
  safety: '安全性',
  knowledgeBoundary: '知识边界',
  memory: '记忆',
};

/** The error shown when "Generate questions" is pressed with no model ready. */
export function noModelToGenerate(): EngineError {
  return new EngineError(
    'not-loaded',
    'No model is ready. Open the Engine page (the model link at the top) to load a model or connect your own server, then try again.',
    {
      zh: '还没有可用的模型。请打开引擎页面（顶部的模型链接）加载模型，或连接你自己的模型服务器，然后再试。',
    },
  );
}

/** The error shown when a run is started or resumed with no model ready to answer. */
export function noModelToAnswer(): EngineError {
  return new EngineError(
    'not-loaded',
    'No model is ready to answer. Open the Engine page (the model link at the top) to load a model or connect your own server, then run again.',
    {
      zh: '还没有可以作答的模型。请打开引擎页面（顶部的模型链接）加载模型，或连接你自己的模型服务器，然后重新运行。',
    },
  );
}

/** What "Generate questions" added, and how many unusable questions it left out. */
export function questionsAdded(added: number, rejected: number): string {
  if (uiLanguage() === 'zh') return `已添加 ${added} 个问题${rejected > 0 ? `；另有 ${rejected} 个不可用，已略去` : ''}。`;
  return `Added ${added} question${added === 1 ? '' : 's'}${rejected > 0 ? `; ${rejected} unusable one${rejected === 1 ? ' was' : 's were'} left out` : ''}.`;
}

/** The line shown while the page reloads so that the judge's server may be reached. */
export function reloadingForJudge(baseUrl: string): string {
  return inUiLanguage({
    en: `Reloading the page to allow connections to the judge at ${baseUrl}. Press "Run evaluation" again afterwards.`,
    zh: `正在重新加载页面，以允许连接到 ${baseUrl} 上的评审模型。加载完成后请再点一次“开始评测”。`,
  });
}

/** The judge's label when the answering engine judges and has no label of its own. */
export function answeringModelLabel(): string {
  return inUiLanguage({ en: 'the answering model', zh: '作答的模型' });
}

/**
 * Why a saved run failed, in the interface language: its Chinese text where the run kept one,
 * else the English message inside a Chinese line. Credentials are redacted.
 */
export function runFailureText(error: { message: string; zh?: string } | undefined): string {
  if (!error) return inUiLanguage({ en: 'The evaluation stopped. Resume it to retry.', zh: '评测已停止。点“继续”即可重试。' });
  if (uiLanguage() !== 'zh') return redactSecretText(error.message);
  return redactSecretText(error.zh ?? `评测已停止（${error.message}）。点“继续”即可重试。`);
}

/** The progress of a run with its step line in the interface language (`samples`: judge samples per answer). */
export function localizedProgress(progress: EvalProgress, samples: number): EvalProgress {
  if (uiLanguage() !== 'zh') return progress;
  const task = progress.task;
  if (!task) return progress.phase === 'finished' ? { ...progress, step: '已完成' } : progress;
  if (task.kind === 'answer') return { ...progress, step: `正在访谈“${task.itemId}”（${task.configurationId}）` };
  if (task.kind === 'judge') {
    const step = `正在评审“${task.itemId}”（${task.configurationId}），${DIMENSIONS_ZH[task.dimension]}，第 ${task.sample + 1}/${samples} 次采样`;
    return { ...progress, step };
  }
  return { ...progress, step: `正在比较 ${task.a} 与 ${task.b} 对“${task.itemId}”的回答（${task.order === 'ab' ? '原顺序' : '交换顺序'}）` };
}
