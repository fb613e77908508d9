// /api/v1/topics: the topics people can choose on the preference page (key, names per locale,
// on or off by default). Mail of a topic (a template's front matter `topic:`) is unsubscribed per topic.
import * as v from 'valibot';
import { isBcp47 } from '../../domain/people/contact-input.ts';
import { createTopic, deleteTopic, getTopic, listTopics, updateTopic } from '../../services/topics.ts';
import type { TopicRow } from '../../store/topics.ts';
import { crud } from '../crud.ts';
import { apiModule } from '../endpoint.ts';
import { iso } from '../presenters.ts';

const KEY_EXPECTED = 'expected a key of 1 to 64 lower-case letters, digits and _ . - (starting with a letter or digit)';
const Key = v.pipe(v.string(KEY_EXPECTED), v.regex(/^[a-z0-9][a-z0-9_.-]{0,63}$/, KEY_EXPECTED));
const Text = (max: number) =>
  v.pipe(
    v.string('expected text'),
    v.trim(),
    v.minLength(1, `expected 1 to ${max} characters`),
    v.maxLength(max, `expected at most ${max} characters`),
  );
const PerLocale = (max: number) =>
  v.record(v.pipe(v.string(), v.check(isBcp47, 'expected BCP 47 language tags as keys, like sv, en, he, zh')), Text(max));

const fields = {
  name: Text(100),
  description: v.optional(v.nullable(Text(500))),
  names: v.optional(PerLocale(100)),
  descriptions: v.optional(PerLocale(500)),
  default_subscribed: v.optional(v.boolean('expected true or false')),
};
const UNKNOWN = 'unknown field; expected key, name, description, names, descriptions, default_subscribed';
const CreateBody = v.strictObject({ key: Key, ...fields }, UNKNOWN);
const UpdateBody = v.strictObject({ ...v.partial(v.object(fields)).entries }, UNKNOWN.replace('key, ', ''));

function presentTopic(topic: TopicRow) {
  return {
    key: topic.key,
    name: topic.name,
    description: topic.description,
    names: topic.names,
    descriptions: topic.descriptions,
    default_subscribed: topic.defaultSubscribed,
    created_at: iso(topic.createdAt),
  };
}

const TOPIC_EXAMPLE = {
  key: 'newsletter',
  name: 'Newsletter',
  description: 'News from the shop, once a month',
  names: { sv: 'Nyhetsbrev', he: 'ניוזלטר', zh: '新闻通讯' },
  descriptions: { sv: 'Nyheter från butiken, en gång i månaden' },
  default_subscribed: true,
  created_at: '2026-11-23T09:00:00.000Z',
};
const TOPIC_CREATE_EXAMPLE = {
  key: 'offers',
  name: 'Offers',
  names: { sv: 'Erbjudanden', he: 'מבצעים', zh: '优惠' },
  default_subscribed: false,
};

const topic = crud({ what: 'topic', id: { name: 'key', description: 'the topic key' }, present: presentTopic, example: TOPIC_EXAMPLE });

export const { routes: topicRoutes, operations: topicOperations } = apiModule({ tag: 'Topics' }, [
  topic.list({ operationId: 'listTopics', summary: 'List topics', answer: 'Every topic, by key', run: listTopics }),
  topic.create({
    operationId: 'createTopic',
    summary: 'Create a topic',
    description: 'Contacts without a choice of their own get `default_subscribed`. Names per locale are shown on the preference page.',
    body: { name: 'TopicCreate', schema: CreateBody, example: TOPIC_CREATE_EXAMPLE },
    answer: 'Created',
    example: { ...TOPIC_EXAMPLE, ...TOPIC_CREATE_EXAMPLE, description: null, descriptions: {} },
    errors: [409],
    run: createTopic,
  }),
  topic.get({ operationId: 'getTopic', summary: 'One topic', answer: 'The topic', run: getTopic }),
  topic.update({
    operationId: 'updateTopic',
    summary: 'Change a topic’s names or default',
    body: { name: 'TopicUpdate', schema: UpdateBody, example: { default_subscribed: false } },
    answer: 'The topic as saved',
    example: { ...TOPIC_EXAMPLE, default_subscribed: false },
    run: updateTopic,
  }),
  topic.remove({
    operationId: 'deleteTopic',
    summary: 'Delete a topic and every contact’s choice for it (the consent log keeps the history)',
    answer: 'Deleted',
    run: deleteTopic,
  }),
]);
