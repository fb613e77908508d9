// A small world of contacts (Swedish, Chinese, Hebrew, English; attributes as the API and CSV
// import store them), with events, messages and topic choices, written into a real migrated
// database. The rules tests run their cases against it, in memory and as SQL.
import { contacts, conversations, events, messages, topicSubscriptions, topics } from '../../db/schema.ts';
import type { Db } from '../../src/store/db.ts';

export const NOW = Date.parse('2026-11-23T09:00:00Z');
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

type ContactRow = typeof contacts.$inferInsert;
type MessageRow = Omit<typeof messages.$inferInsert, 'id' | 'conversationId'>;

interface Person {
  contact: Omit<ContactRow, 'id' | 'updatedAt'>;
  events?: { name: string; data: Record<string, unknown>; occurredAt: number }[];
  messages?: MessageRow[];
  topics?: Record<string, 'subscribed' | 'unsubscribed'>;
}

const out = (category: MessageRow['category'], status: MessageRow['status'], createdAt: number, sentAt: number | null): MessageRow => ({
  direction: 'out',
  author: 'trigger',
  category,
  status,
  createdAt,
  sentAt,
});
const inbound = (classification: MessageRow['classification'], createdAt: number): MessageRow => ({
  direction: 'in',
  author: 'contact',
  category: 'support',
  status: 'received',
  classification,
  createdAt,
});

export const PEOPLE: Record<string, Person> = {
  ana: {
    contact: {
      email: 'ana@example.se',
      name: 'Ana Svensson',
      locale: 'sv-SE',
      timezone: 'Europe/Stockholm',
      marketingConsent: 'subscribed',
      createdAt: Date.parse('2026-11-01T00:00:00Z'),
      attributes: {
        city: 'Göteborg',
        age: 25,
        tags: ['vip', 'ski'],
        interests: ['ski', 'books'],
        birthday: '1999-05-01',
        plan: 'pro',
        vip: true,
        score: '42',
        address: { city: 'Göteborg', zip: '41101' },
        last_order: '2026-11-21T09:00:00Z',
      },
    },
    events: [
      { name: 'order_placed', data: { total: 600, currency: 'SEK' }, occurredAt: NOW - 2 * DAY },
      { name: 'order_placed', data: { total: 150 }, occurredAt: NOW - 10 * DAY },
      { name: 'order_placed', data: { total: 900 }, occurredAt: NOW - 40 * DAY },
      { name: 'page_viewed', data: {}, occurredAt: NOW - HOUR },
    ],
    messages: [out('marketing', 'sent', NOW - 3 * DAY, NOW - 3 * DAY), inbound('message', NOW - 2 * DAY)],
    topics: { newsletter: 'subscribed' },
  },
  bo: {
    contact: {
      email: 'bo@example.se',
      name: 'Bo Ek',
      locale: 'sv',
      marketingConsent: 'unsubscribed',
      createdAt: Date.parse('2025-01-01T12:00:00Z'),
      // As a CSV import stores them: every value is text.
      attributes: {
        city: 'Malmö',
        age: '31',
        tags: [],
        interests: 'skiing and hiking',
        birthday: '1990-12-24T10:00:00+01:00',
        vip: 'TRUE',
        plan: 'free',
        signup: '2026-02-30',
      },
    },
    events: [{ name: 'order_placed', data: { total: 80 }, occurredAt: NOW - 5 * DAY }],
    messages: [
      out('marketing', 'failed', NOW - DAY, null),
      out('transactional', 'delivered', NOW - DAY, NOW - DAY),
      inbound('auto_reply', NOW - DAY),
    ],
    topics: { product_news: 'unsubscribed' },
  },
  chen: {
    contact: {
      email: 'chen@example.cn',
      name: '陈伟',
      locale: 'zh-CN',
      marketingConsent: 'unknown',
      createdAt: Date.parse('2026-06-15T08:00:00Z'),
      attributes: { city: '北京', age: 40, tags: ['新客户'], plan: 'pro', bio: '我喜欢滑雪' },
    },
    events: [
      { name: 'order_placed', data: { total: 120 }, occurredAt: NOW - 20 * DAY },
      { name: 'order_placed', data: { total: '130' }, occurredAt: NOW - 25 * DAY },
    ],
    messages: [out('marketing', 'delivered', NOW - 10 * DAY, NOW - 10 * DAY), inbound(null, NOW - 40 * DAY)],
  },
  dana: {
    contact: {
      email: 'dana@example.co.il',
      name: 'דנה כהן',
      locale: 'he',
      marketingConsent: 'subscribed',
      createdAt: Date.parse('2026-10-01T00:00:00Z'),
      attributes: { city: 'תל אביב', age: null, tags: ['vip'], note: 'שלום עולם' },
    },
    events: [{ name: 'order_placed', data: { total: 1000 }, occurredAt: NOW + DAY }],
    messages: [
      out('marketing', 'queued', NOW - HOUR, null),
      { ...out('support', 'sent', NOW - HOUR, NOW - HOUR), kind: 'note', author: 'agent' },
    ],
  },
  erik: {
    contact: {
      email: 'erik@example.com',
      name: null,
      locale: null,
      marketingConsent: 'unknown',
      createdAt: Date.parse('2026-11-22T00:00:00Z'),
      attributes: {},
    },
    events: [{ name: 'page_viewed', data: {}, occurredAt: NOW - 30 * DAY }],
  },
  fia: {
    contact: {
      email: 'fia@example.com',
      name: '',
      locale: 'en',
      marketingConsent: 'subscribed',
      createdAt: Date.parse('2024-03-10T00:00:00Z'),
      attributes: {
        city: 'göteborg',
        age: 26,
        score: 41.5,
        tags: 'vip',
        empty_text: '',
        empty_list: [],
        empty_obj: {},
        birthday: 'not a date',
        vip: false,
        numbers: [1, 2, '3'],
      },
    },
    messages: [{ ...out('support', 'sent', NOW - 2 * DAY, NOW - 2 * DAY), author: 'agent' }],
  },
  gus: {
    contact: {
      email: 'gus@example.com',
      name: 'Gus',
      locale: 'en-GB',
      marketingConsent: 'subscribed',
      createdAt: NOW - HOUR,
      attributes: { city: 'Goteborg', age: 'abc', count: '007', when: '2026-11-20 10:00', big: '1e400', score: ' 7 ', plan: 'PRO' },
    },
  },
};

export const NAMES = Object.keys(PEOPLE);

/** Writes the world; contact ids are the people's names. */
export async function writeRuleWorld(db: Db): Promise<void> {
  await db.insert(topics).values([
    { id: 'top_newsletter', key: 'newsletter', name: 'Newsletter', defaultSubscribed: false, createdAt: 0 },
    { id: 'top_product_news', key: 'product_news', name: 'Product news', defaultSubscribed: true, createdAt: 0 },
  ]);
  // An event nobody is known for yet: NOT IN over a set holding NULL would turn every answer NULL.
  const anonymous = { id: 'evt_anonymous', contactId: null, name: 'order_placed', data: { total: 500 }, occurredAt: NOW - DAY };
  await db.insert(events).values(anonymous);
  let n = 0;
  for (const [id, person] of Object.entries(PEOPLE)) {
    await db.insert(contacts).values({ ...person.contact, id, updatedAt: person.contact.createdAt });
    for (const e of person.events ?? []) await db.insert(events).values({ id: `evt_${++n}`, contactId: id, ...e });
    if (person.messages?.length) {
      const conversationId = `cnv_${id}`;
      const conversation = { id: conversationId, contactId: id, lastMessageAt: NOW, createdAt: NOW - 60 * DAY, updatedAt: NOW };
      await db.insert(conversations).values(conversation);
      for (const m of person.messages) await db.insert(messages).values({ id: `msg_${++n}`, conversationId, ...m });
    }
    for (const [key, status] of Object.entries(person.topics ?? {})) {
      await db.insert(topicSubscriptions).values({ contactId: id, topicId: `top_${key}`, status, updatedAt: NOW });
    }
  }
}
