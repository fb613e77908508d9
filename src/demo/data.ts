// A small, realistic demo data set: customers writing in Swedish, English, Hebrew and
// Chinese, each with a conversation in a different state.
import type { ConsentState, MessageAuthor, MessageCategory, MessageDirection, SettableConversationStatus } from '../domain/vocabulary.ts';

export interface DemoMessage {
  direction: MessageDirection;
  author: Extract<MessageAuthor, 'contact' | 'agent' | 'trigger'>;
  minutesAgo: number;
  subject: string;
  text: string;
  category?: MessageCategory;
}

export interface DemoConversation {
  status: SettableConversationStatus;
  messages: DemoMessage[];
}

export interface DemoContact {
  email: string;
  name: string;
  locale: string;
  timezone: string;
  attributes: Record<string, unknown>;
  consent: ConsentState;
  conversations: DemoConversation[];
}

export const DEMO_CONTACTS: DemoContact[] = [
  {
    email: 'astrid.lindqvist@example.se',
    name: 'Astrid Lindqvist',
    locale: 'sv-SE',
    timezone: 'Europe/Stockholm',
    attributes: { plan: 'pro', city: 'Uppsala', last_order: 'SE-10442' },
    consent: 'subscribed',
    conversations: [
      {
        status: 'open',
        messages: [
          {
            direction: 'out',
            author: 'trigger',
            minutesAgo: 60 * 26,
            subject: 'Din order SE-10442 är bekräftad',
            text:
              'Hej Astrid!\n\nTack för din beställning. Vi packar den i dag och skickar den med PostNord.\n\n' +
              'Vänliga hälsningar,\nSamtal-butiken',
            category: 'transactional',
          },
          {
            direction: 'in',
            author: 'contact',
            minutesAgo: 60 * 3,
            subject: 'SV: Din order SE-10442 är bekräftad',
            text: 'Hej!\n\nKan ni skicka till min jobbadress i stället? Storgatan 12, 753 20 Uppsala.\n\nMvh Astrid',
          },
        ],
      },
    ],
  },
  {
    email: 'james.okafor@example.com',
    name: 'James Okafor',
    locale: 'en-GB',
    timezone: 'Europe/London',
    attributes: { plan: 'starter', company: 'Okafor Design Ltd', seats: 3 },
    consent: 'unknown',
    conversations: [
      {
        status: 'pending',
        messages: [
          {
            direction: 'in',
            author: 'contact',
            minutesAgo: 60 * 30,
            subject: 'Invoice shows the wrong VAT number',
            text: 'Hi,\n\nOur March invoice lists VAT number GB123 instead of GB987654321. Could you reissue it?\n\nThanks,\nJames',
          },
          {
            direction: 'out',
            author: 'agent',
            minutesAgo: 60 * 28,
            subject: 'Re: Invoice shows the wrong VAT number',
            text:
              'Hi James,\n\nSorry about that. I have corrected the VAT number; could you confirm the new invoice looks right?\n\n' +
              'Best,\nAdmin',
          },
        ],
      },
    ],
  },
  {
    email: 'noa.levi@example.co.il',
    name: 'נועה לוי',
    locale: 'he-IL',
    timezone: 'Asia/Jerusalem',
    attributes: { plan: 'pro', birthday: '1990-05-14' },
    consent: 'subscribed',
    conversations: [
      {
        status: 'open',
        messages: [
          {
            direction: 'in',
            author: 'contact',
            minutesAgo: 60 * 20,
            subject: 'שאלה לגבי המשלוח',
            text: 'שלום,\n\nהזמנתי לפני שבוע ועדיין לא קיבלתי מספר מעקב. אפשר לבדוק?\n\nתודה,\nנועה',
          },
        ],
      },
    ],
  },
  {
    email: 'wang.fang@example.cn',
    name: '王芳',
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
    attributes: { plan: 'enterprise', company: '上海云帆科技' },
    consent: 'unknown',
    conversations: [
      {
        status: 'closed',
        messages: [
          {
            direction: 'in',
            author: 'contact',
            minutesAgo: 60 * 72,
            subject: '如何导出联系人？',
            text: '您好，\n\n请问怎样把所有联系人导出为 CSV 文件？\n\n谢谢！\n王芳',
          },
          {
            direction: 'out',
            author: 'agent',
            minutesAgo: 60 * 70,
            subject: 'Re: 如何导出联系人？',
            text: '王芳您好，\n\n在“联系人”页面点击“导出”即可下载 CSV 文件。\n\n祝好',
          },
          {
            direction: 'in',
            author: 'contact',
            minutesAgo: 60 * 69,
            subject: '回复: Re: 如何导出联系人？',
            text: '好的，已经导出了，谢谢！',
          },
        ],
      },
    ],
  },
];

/** The demo agents' signature (appended to their replies unless unticked in the composer). */
export function demoSignature(agentName: string): string {
  return `${agentName}\nAcme Support · Mon–Fri 8–17 CET`;
}
