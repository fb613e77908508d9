// Text for the word index (messages_words_fts, unicode61), which serves search terms too short for trigrams.
// unicode61 splits on spaces and punctuation only, so Chinese, Japanese and Korean runs would be one token;
// here every CJK ideograph, kana and hangul syllable becomes a token of its own, and a 1- or 2-character
// term is a phrase of consecutive character tokens. Hebrew, Latin and other space-separated words stay whole.

const SINGLE_CHARACTER_TOKEN = /[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}\p{scx=Bopomofo}]/gu;

/** The text as the word index stores it: each CJK character set apart by spaces. */
export function wordIndexText(text: string): string {
  return text.normalize('NFC').replace(SINGLE_CHARACTER_TOKEN, ' $& ');
}

/** An FTS5 phrase that matches the term in wordIndexText(...): its characters (CJK) or words, in order. */
export function wordIndexPhrase(term: string): string {
  const tokens = wordIndexText(term).split(/\s+/).filter(Boolean);
  return `"${tokens.join(' ').replace(/"/g, '""')}"`;
}
