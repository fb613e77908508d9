import { describe, expect, it } from 'vitest';
import { changeFromForm, localizedText, preferenceDiffs, type Preferences } from '../../src/domain/people/preferences.ts';

const current: Preferences = {
  marketing: 'subscribed',
  frequency: 'normal',
  topics: [
    { key: 'news', defaultSubscribed: true, own: null },
    { key: 'offers', defaultSubscribed: false, own: null },
    { key: 'tips', defaultSubscribed: false, own: 'subscribed' },
  ],
};

describe('preferenceDiffs', () => {
  it('lists only what changes, marketing and frequency first, topics by key, ignoring unknown topics', () => {
    expect(
      preferenceDiffs(current, {
        marketing: 'subscribed',
        frequency: 'weekly',
        topics: { tips: 'subscribed', offers: 'unsubscribed', zzz: 'subscribed' },
      }),
    ).toEqual([
      { subject: 'frequency', topic: null, value: 'weekly', previous: 'normal' },
      { subject: 'topic', topic: 'offers', value: 'unsubscribed', previous: null },
    ]);
  });
});

describe('changeFromForm', () => {
  it('asks only for topics whose ticked state differs from what the contact gets now', () => {
    expect(changeFromForm(current, { marketing: true, lessOften: false, topics: ['news', 'tips'] })).toEqual({ frequency: 'normal' });
    expect(changeFromForm(current, { marketing: true, lessOften: true, topics: ['offers'] })).toEqual({
      frequency: 'weekly',
      topics: { news: 'unsubscribed', offers: 'subscribed', tips: 'unsubscribed' },
    });
  });

  it('turns marketing off when unticked, but does not turn an unknown consent into a refusal', () => {
    expect(changeFromForm(current, { marketing: false, lessOften: false, topics: ['news', 'tips'] }).marketing).toBe('unsubscribed');
    const unknown = { ...current, marketing: 'unknown' as const };
    expect(changeFromForm(unknown, { marketing: false, lessOften: false, topics: ['news', 'tips'] }).marketing).toBeUndefined();
    expect(changeFromForm(unknown, { marketing: true, lessOften: false, topics: ['news', 'tips'] }).marketing).toBe('subscribed');
  });
});

describe('localizedText', () => {
  const names = { sv: 'Nyheter', 'zh-Hant': '新聞', zh: '新闻' };
  it.each([
    ['sv-SE', 'Nyheter'],
    ['zh-Hant-TW', '新聞'],
    ['zh-CN', '新闻'],
    ['he', 'News'],
    [null, 'News'],
  ])('%s → %s', (locale, expected) => {
    expect(localizedText(names, 'News', locale)).toBe(expected);
  });
});
