import { describe, expect, it } from 'vitest';
import { msg } from '../../core/i18n/message.ts';
import { Notices } from './notices.svelte.ts';

describe('Notices', () => {
  it('shows a message once, and different messages each, whether or not their texts have loaded', () => {
    const notices = new Notices();
    notices.info(msg('chat.title', { number: 2 }));
    notices.info(msg('chat.title', { number: 2 }));
    notices.info(msg('chat.title', { number: 3 }));
    // Keys of two sections that load lazily: told apart by their keys, not by their (maybe empty) texts.
    notices.info(msg('engine.error.notLoaded'));
    notices.info(msg('eval.error.noConfiguration'));
    expect(notices.list.map((n) => n.text)).toEqual([
      msg('chat.title', { number: 2 }),
      msg('chat.title', { number: 3 }),
      msg('engine.error.notLoaded'),
      msg('eval.error.noConfiguration'),
    ]);
    notices.dismiss(notices.list[0]!.id);
    notices.info(msg('chat.title', { number: 2 }));
    expect(notices.list).toHaveLength(4);
  });
});
