// A conversation's flag is stored in English (the API's words); the inbox says each known form in the agent's language.
import { describe, expect, it } from 'vitest';
import { REUSED_MESSAGE_ID_FLAG } from '../../src/domain/inbound/identity.ts';
import { outsiderFlag, type ReferenceRule } from '../../src/domain/inbound/threading/threading.ts';
import { FlagReasons, flagText } from '../../src/http/inbox/flag-text.tsx';
import { translator } from '../../src/http/inbox/i18n/catalog.ts';

const plain = (text: string) => text.replace(/[\u2068\u2069]/g, '');

function outsider(rule: ReferenceRule): string {
  const conversation = { id: 'cnv_1', contactId: 'ct_2', status: 'open' as const, lastMessageAt: 0, closedAt: null };
  return outsiderFlag({ rule, conversation, senderAddressed: false }, 'mallory@example.net');
}

describe('a conversation flag in the agent language', () => {
  it('says who used which reply address, in Swedish, Hebrew and Chinese', () => {
    const flag = outsider('reply_token');
    expect(plain(flagText(flag, translator('sv')))).toBe(
      'mallory@example.net använde svarsadressen till konversation cnv_1 utan att vara adresserad i den',
    );
    expect(plain(flagText(flag, translator('he')))).toBe('mallory@example.net השתמש/ה בכתובת התשובה של שיחה cnv_1 בלי להיות מנוען/ת בה');
    expect(plain(flagText(flag, translator('zh')))).toBe('mallory@example.net 使用了会话 cnv_1 的回复地址，但并不是该会话的收件人');
  });

  it('names the header an outsider referred to, and a reused Message-ID, joined as stored', () => {
    const flag = [outsider('in_reply_to'), `${REUSED_MESSAGE_ID_FLAG} (first kept as inb_9)`].join('; ');
    expect(plain(flagText(flag, translator('sv')))).toBe(
      'mallory@example.net angav konversation cnv_1 i huvudet In-Reply-To utan att vara adresserad i den; ' +
        'ett Message-ID som återanvänts för annat innehåll (först sparat som inb_9)',
    );
    expect(plain(flagText(outsider('references'), translator('en')))).toContain('in the References header');
  });

  it('isolates the addresses and ids it quotes, and shows an unknown flag as it is', () => {
    expect(flagText(outsider('reply_token'), translator('he'))).toContain('\u2068mallory@example.net\u2069');
    expect(plain(flagText('checked by hand', translator('zh')))).toBe('checked by hand');
  });

  it('marks up the page text with each quoted value in a <bdi>', async () => {
    const html = String(await (<FlagReasons flag={outsider('reply_token')} t={translator('sv')} />).toString());
    expect(html).toBe(
      '<bdi>mallory@example.net</bdi> använde svarsadressen till konversation <bdi>cnv_1</bdi> utan att vara adresserad i den',
    );
  });
});
