import { EngineError, StorageError, ValidationError } from '../../core/errors/index.ts';

/** The error shown when a chat action needs a model and none is ready. */
export function notLoaded(): EngineError {
  return new EngineError(
    'not-loaded',
    'No model is ready. Open the Engine page (the model link at the top) to load a model or connect your own server, then send again.',
    {
      zh: '还没有可用的模型。请打开引擎页面（顶部的模型链接）加载模型，或连接你自己的模型服务器，然后重新发送。',
    },
  );
}

/** The error shown when a chat action needs a model while the saved server is not answering. */
export function serverNotAnswering(host: string): EngineError {
  return new EngineError(
    'connection-refused',
    `Your server at ${host} is not answering, so there is no model yet. EGOS keeps trying; start the server (or open Engine to choose another model), then send again.`,
    {
      zh: `你的服务器 ${host} 没有响应，所以还没有可用的模型。EGOS 会继续重试；请启动服务器（或打开引擎选择其他模型），然后重新发送。`,
    },
  );
}

/** The error shown when another tab holds this chat's lock. */
export function busyInOtherTab(): StorageError {
  return new StorageError(
    'conflict',
    'This chat is generating a reply in another tab. Wait for it to finish there (or press Stop in that tab), then send again.',
    {
      zh: '这个对话正在另一个标签页中生成回复。请等它完成（或在那个标签页中点“停止”），然后重新发送。',
    },
  );
}

/** The error shown when "respond" finds the last message already answered. */
export function alreadyAnswered(): ValidationError {
  return new ValidationError('invalid', 'The last message is already answered. Send a new message instead.', {
    zh: '最后一条消息已经有回复了。请发送一条新消息。',
  });
}

/** The error shown when a reply other than the newest is regenerated. */
export function notNewestToRegenerate(): ValidationError {
  return new ValidationError('invalid', 'Only the newest reply can be regenerated. Branch the chat from this message to try another reply here.', {
    zh: '只有最新的回复可以重新生成。想在这里换一个回复，请从这条消息分支出新对话。',
  });
}

/** The error shown when a reply other than the newest is continued. */
export function notNewestToContinue(): ValidationError {
  return new ValidationError('invalid', 'Only the newest reply can be continued.', { zh: '只有最新的回复可以继续写。' });
}

/** The error shown when regenerate or continue targets a message that is not the character's. */
export function notAReply(): ValidationError {
  return new ValidationError('invalid', 'Only a reply of the character can be regenerated or continued.', {
    zh: '只有角色的回复可以重新生成或继续写。',
  });
}

/** The error shown when a history action targets a message that was deleted meanwhile. */
export function messageGone(): ValidationError {
  return new ValidationError('invalid', 'This message no longer exists (it may have been deleted in another tab).', {
    zh: '这条消息已不存在（可能已在另一个标签页中删除）。',
  });
}
