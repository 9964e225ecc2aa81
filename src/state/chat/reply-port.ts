import type { Message } from '../../core/message.ts';
import type { MessageRepository } from '../../core/repository.ts';

/**
 * The message port for one reply: when the final save of a finished reply fails (e.g. storage
 * full), `onUnsaved` gets the reply so it can be kept in memory and saved later; the error still
 * propagates. Failed saves of a streaming reply are retried by the writer itself.
 */
export function replyPort(messages: MessageRepository, onUnsaved: (message: Message) => void): MessageRepository {
  return {
    ...messages,
    put: async (message) => {
      try {
        await messages.put(message);
      } catch (error) {
        if (message.status !== 'streaming') onUnsaved(message);
        throw error;
      }
    },
  };
}
