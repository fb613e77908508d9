// The line every automatic answer ends with: it was sent automatically, and replying brings a person.
import { localeCandidates } from '../outbound/templates/format.ts';

const NOTICES: Record<string, string> = {
  en: 'This answer was sent automatically. If it does not help, just reply to this email and a person will answer you.',
  sv: 'Det här svaret skickades automatiskt. Om det inte hjälper dig kan du svara på mejlet, så svarar en person dig.',
  he: 'תשובה זו נשלחה אוטומטית. אם היא לא עוזרת, פשוט השיבו למייל הזה ואדם יענה לכם.',
  zh: '此回复为自动发送。如果没有解决您的问题，请直接回复此邮件，我们的工作人员会为您解答。',
  'zh-hant': '此回覆為自動發送。如果沒有解決您的問題，請直接回覆此郵件，我們的工作人員會為您解答。',
};

export function automaticNotice(locale: string | null): string {
  for (const candidate of localeCandidates(locale)) {
    const notice = NOTICES[candidate];
    if (notice) return notice;
  }
  return NOTICES.en!;
}

/** The text of an automatic answer: the entry's answer, then the notice, apart. */
export function automaticAnswerText(answer: string, locale: string | null): string {
  return `${answer.trimEnd()}\n\n--\n${automaticNotice(locale)}\n`;
}
