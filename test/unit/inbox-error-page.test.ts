// The HTML error page says its detail line in the agent's language for the refusals it knows (a 404's path or id).
import { describe, expect, it } from 'vitest';
import { AppError } from '../../src/domain/errors.ts';
import { ErrorPage } from '../../src/http/inbox/error-page.tsx';
import { uiFor } from '../../src/http/inbox/i18n/catalog.ts';

async function render(error: AppError, locale: 'en' | 'sv' | 'he' | 'zh'): Promise<string> {
  return String(await ErrorPage({ error, ui: uiFor(locale, 'UTC') }).toString());
}

describe('the HTML error page', () => {
  it('says "no page at" in Swedish, Hebrew and Chinese, the path isolated', async () => {
    const error = new AppError('NotFound', 'no page at /inbox/nowhere');
    expect(await render(error, 'sv')).toContain('Det finns ingen sida på <bdi>/inbox/nowhere</bdi>.');
    expect(await render(error, 'he')).toContain('אין דף בכתובת <bdi>/inbox/nowhere</bdi>.');
    expect(await render(error, 'zh')).toContain('<bdi>/inbox/nowhere</bdi> 没有页面。');
    expect(await render(error, 'sv')).not.toContain('no page at');
  });

  it('names a missing conversation or template by its id or name', async () => {
    expect(await render(new AppError('NotFound', 'no conversation with id cnv_9'), 'sv')).toContain(
      'Det finns ingen konversation med id <bdi>cnv_9</bdi>.',
    );
    expect(await render(new AppError('NotFound', 'no template "welcome"'), 'zh')).toContain(
      '没有名为 <bdi>&quot;welcome&quot;</bdi> 的模板。',
    );
  });

  it('keeps a detail it does not know in English, isolated inside a translated sentence', async () => {
    const html = await render(new AppError('NotFound', 'no FAQ decision d1 here'), 'sv');
    expect(html).toContain('<bdi>no FAQ decision d1 here</bdi>');
  });
});
