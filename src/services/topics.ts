// Topics people can choose on the preference page: CRUD. A topic's key is what templates
// (front matter `topic:`), unsubscribe links and the rule language (`{topic: KEY}`) name.
import type { Deps } from '../deps.ts';
import { AppError } from '../domain/errors.ts';
import { deleteTopicRow, findTopicByKey, insertTopic, listTopicRows, type TopicRow, updateTopicRow } from '../store/topics.ts';

export interface TopicInput {
  key: string;
  name: string;
  description?: string | null | undefined;
  names?: Record<string, string> | undefined;
  descriptions?: Record<string, string> | undefined;
  default_subscribed?: boolean | undefined;
}

export function listTopics(deps: Pick<Deps, 'db'>): Promise<TopicRow[]> {
  return listTopicRows(deps.db);
}

export async function getTopic(deps: Pick<Deps, 'db'>, key: string): Promise<TopicRow> {
  const topic = await findTopicByKey(deps.db, key);
  if (!topic) throw new AppError('NotFound', `no topic with key ${JSON.stringify(key)}`);
  return topic;
}

export async function createTopic(deps: Deps, input: TopicInput): Promise<TopicRow> {
  const written = await insertTopic(deps.db, {
    id: deps.ids.next('top'),
    key: input.key,
    name: input.name,
    description: input.description ?? null,
    names: input.names ?? {},
    descriptions: input.descriptions ?? {},
    defaultSubscribed: input.default_subscribed ?? false,
    createdAt: deps.clock.now(),
  });
  if (!written) {
    throw new AppError('Conflict', `a topic with key "${input.key}" exists already`, [
      { field: 'key', message: 'expected a key no other topic has' },
    ]);
  }
  return getTopic(deps, input.key);
}

export async function updateTopic(deps: Deps, key: string, patch: Partial<Omit<TopicInput, 'key'>>): Promise<TopicRow> {
  const topic = await getTopic(deps, key);
  await updateTopicRow(deps.db, topic.id, {
    ...(patch.name !== undefined ? { name: patch.name } : {}),
    ...(patch.description !== undefined ? { description: patch.description } : {}),
    ...(patch.names !== undefined ? { names: patch.names } : {}),
    ...(patch.descriptions !== undefined ? { descriptions: patch.descriptions } : {}),
    ...(patch.default_subscribed !== undefined ? { defaultSubscribed: patch.default_subscribed } : {}),
  });
  return getTopic(deps, key);
}

/** Deletes the topic and every contact's choice for it (their consent log keeps the history). */
export async function deleteTopic(deps: Pick<Deps, 'db'>, key: string): Promise<void> {
  await deleteTopicRow(deps.db, (await getTopic(deps, key)).id);
}
