// The words the inbox's script writes into pages (shortcut help, presence, banners), served per locale as
// /static/inbox-text/{locale}.js, which the layout loads before /static/inbox.js (no inline script under the CSP).
import { type InboxLocale, type MessageKey, translator } from './i18n/catalog.ts';

const SCRIPT_KEYS = [
  'common.close',
  'common.shortcutsTitle',
  'common.shortcutMove',
  'common.shortcutOpen',
  'common.shortcutReply',
  'common.shortcutNote',
  'common.shortcutAssign',
  'common.shortcutClose',
  'common.shortcutSnooze',
  'common.shortcutSearch',
  'common.shortcutSend',
  'common.shortcutLeave',
  'common.shortcutHelp',
  'common.signedOut',
  'common.signInNewTab',
  'thread.presenceTyping',
  'thread.presenceViewing',
  'thread.newActivity',
  'thread.show',
] as const satisfies readonly MessageKey[];

/** The script's messages in one language, `{name}` placeholders left for the script to fill. */
export function scriptText(locale: InboxLocale): Record<(typeof SCRIPT_KEYS)[number], string> {
  const t = translator(locale);
  return Object.fromEntries(SCRIPT_KEYS.map((key) => [key, t(key)])) as Record<(typeof SCRIPT_KEYS)[number], string>;
}

export function scriptTextAsset(locale: InboxLocale): string {
  return `window.samtalText = ${JSON.stringify(scriptText(locale))};\n`;
}
