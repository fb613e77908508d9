// Subjects that say nothing about what the mail is about ("hi", "question", "(no subject)"):
// two mails from one person with such a subject are no more related than any two of their
// mails, so the subject rule never joins on them. Compared after normalizeSubject, without
// accents and vowel marks (é, ً, niqqud) and without punctuation, symbols and emoji around it.
import { normalizeSubject } from './subject.ts';

const GENERIC = [
  // English
  'hi', 'hello', 'hey', 'hi there', 'hello there', 'hey there', 'greetings', 'good morning', 'good afternoon', 'good evening',
  'dear sir', 'dear sir or madam', 'dear sir/madam', 'to whom it may concern', 'question', 'a question', 'quick question',
  'questions', 'small question', 'one question', 'help', 'help me', 'help please', 'please help', 'need help', 'help needed',
  'support', 'support request', 'inquiry', 'enquiry', 'info', 'information', 'request', 'problem', 'issue', 'urgent',
  'important', 'thanks', 'thank you', 'thank you very much', 'thx', 'ty', 'test', 'testing', 'contact', 'contact us',
  'contact form', 'message', 'new message', 'a message', 'no subject', 'untitled', 'none', 'subject', 'fyi', 'follow up',
  'follow-up', 'followup', 'feedback', 'complaint', 'reply', 'answer', 'response', 'your email', 'your message', 'email',
  'mail', 'hello again', 'update', 'query', 'order', 'my order',
  // Swedish (and the Danish/Norwegian words they share)
  'hej', 'hejsan', 'hallå', 'hej hej', 'tjena', 'tja', 'god morgon', 'god dag', 'goddag', 'fråga', 'en fråga', 'liten fråga',
  'snabb fråga', 'frågor', 'hjälp', 'behöver hjälp', 'problem', 'tack', 'tack så mycket', 'ärende', 'förfrågan', 'angående',
  'inget ämne', 'utan ämne', 'meddelande', 'klagomål', 'brådskande', 'viktigt', 'spørgsmål', 'spørsmål', 'hjelp', 'takk',
  'ingen emne', 'intet emne',
  // German
  'hallo', 'guten tag', 'guten morgen', 'guten abend', 'servus', 'moin', 'frage', 'eine frage', 'kurze frage', 'fragen',
  'anfrage', 'hilfe', 'bitte um hilfe', 'danke', 'vielen dank', 'danke schön', 'kein betreff', 'ohne betreff', 'nachricht',
  'infos', 'beschwerde', 'reklamation', 'dringend', 'wichtig', 'sehr geehrte damen und herren', 'anliegen', 'rückfrage',
  // French
  'bonjour', 'salut', 'bonsoir', 'coucou', 'une question', 'petite question', 'demande', "demande d'information",
  'demande de renseignements', 'aide', "besoin d'aide", 'problème', 'merci', 'merci beaucoup', 'sans objet', "pas d'objet",
  'aucun objet', 'renseignement', 'renseignements', 'réclamation', 'important', 'madame, monsieur', 'madame monsieur',
  // Spanish
  'hola', 'buenos días', 'buenas tardes', 'buenas noches', 'buenas', 'pregunta', 'una pregunta', 'consulta', 'duda', 'dudas',
  'ayuda', 'necesito ayuda', 'problema', 'gracias', 'muchas gracias', 'sin asunto', 'mensaje', 'información', 'solicitud',
  'reclamación', 'reclamo', 'queja', 'urgente', 'importante', 'estimados',
  // Hebrew
  'שלום', 'היי', 'הי', 'אהלן', 'בוקר טוב', 'ערב טוב', 'שאלה', 'שאלה קטנה', 'שאלה קצרה', 'שאלות', 'עזרה', 'צריך עזרה', 'בעיה',
  'תודה', 'תודה רבה', 'פנייה', 'בירור', 'מידע', 'ללא נושא', 'אין נושא', 'בלי נושא', 'הודעה', 'דחוף', 'חשוב', 'תלונה', 'בקשה',
  // Chinese (simplified and traditional)
  '你好', '您好', '嗨', '哈喽', '问题', '問題', '一个问题', '一個問題', '请问', '請問', '咨询', '諮詢', '询问', '詢問', '帮助',
  '幫助', '求助', '帮忙', '幫忙', '谢谢', '謝謝', '感谢', '感謝', '无主题', '無主題', '没有主题', '沒有主題', '无标题', '無標題',
  '投诉', '投訴', '紧急', '緊急', '信息', '資訊', '消息', '訊息', '反馈', '回饋', '你好呀', '早上好',
  // Arabic
  'مرحبا', 'مرحبًا', 'السلام عليكم', 'سلام', 'أهلا', 'اهلا', 'أهلا وسهلا', 'صباح الخير', 'مساء الخير', 'سؤال', 'استفسار',
  'مساعدة', 'أحتاج مساعدة', 'مشكلة', 'شكرا', 'شكرا جزيلا', 'بدون موضوع', 'بلا موضوع', 'لا يوجد موضوع', 'رسالة', 'طلب', 'شكوى',
  'عاجل', 'مهم', 'معلومات',
  // A few more of the languages customers write in: Dutch, Italian, Portuguese, Finnish, Polish, Russian, Japanese, Korean
  'hoi', 'goedemorgen', 'vraag', 'een vraag', 'vragen', 'geen onderwerp', 'ciao', 'buongiorno', 'salve', 'domanda', 'una domanda',
  'aiuto', 'grazie', 'nessun oggetto', 'senza oggetto', 'olá', 'oi', 'bom dia', 'pergunta', 'uma pergunta', 'dúvida', 'ajuda',
  'obrigado', 'obrigada', 'sem assunto', 'moi', 'hei', 'kysymys', 'apua', 'kiitos', 'ei aihetta', 'dzień dobry', 'pytanie',
  'pomoc', 'dziękuję', 'bez tematu', 'привет', 'здравствуйте', 'добрый день', 'вопрос', 'помощь', 'спасибо', 'без темы',
  'こんにちは', '質問', '問い合わせ', 'お問い合わせ', 'ありがとう', '件名なし', '안녕하세요', '질문', '문의', '감사합니다', '제목 없음',
];

const EDGE_NOISE = /^[\p{P}\p{S}\p{Z}\s]+|[\p{P}\p{S}\p{Z}\s]+$/gu;
const MARKS = /\p{M}/gu;

/** The comparison key: normalized subject, NFKD without combining marks, trimmed of punctuation and symbols. */
function key(subject: string): string {
  return normalizeSubject(subject).normalize('NFKD').replace(MARKS, '').replace(EDGE_NOISE, '').replace(/\s+/g, ' ');
}

const GENERIC_KEYS = new Set(GENERIC.map(key));

/** Whether a subject (raw or normalized) is empty or one of the contentless greetings and labels above. */
export function isGenericSubject(subject: string | null | undefined): boolean {
  const k = key(subject ?? '');
  return k === '' || GENERIC_KEYS.has(k);
}
