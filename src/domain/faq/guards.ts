// Topics a person must answer whatever the FAQ says: complaints, disputes about one's own bill, clinical
// questions, requests to erase data, paperwork for insurers, several questions at once, a thank-you with
// nothing to answer, and away messages that carry no auto-reply headers. Phrases per language (en, sv, no, da,
// de, fr, fi, he, zh), all checked whatever language was detected: a handoff is the safe mistake.
import { tokenize } from './tokenize.ts';

interface Topic {
  reason: string;
  pattern: RegExp;
  /** Only when the text asks nothing (no question mark). */
  statementOnly?: boolean;
}

// Latin-script phrases: \b is ASCII-only in JavaScript, so word edges are written as (?<![\p{L}]) and (?![\p{L}]).
const w = (alternatives: string) => new RegExp(`(?<![\\p{L}])(?:${alternatives})(?![\\p{L}])`, 'iu');
const any = (alternatives: string) => new RegExp(alternatives, 'iu');

const INSURANCE = 'insurance|insurer|försäkring|forsikring|versicherung|assurance|mutuelle|vakuutus|ביטוח|保险|保險';
const PAPERWORK = [
  'certificate|statement|estimate|form|intyg|faktura|invoice|rechnung|bescheinigung|attestation|facture',
  'todistus|lasku|אישור|חשבונית|证明|證明|发票|發票',
].join('|');
/** Both words within 80 characters, in either order. */
const nearEachOther = (a: string, b: string) => any(`(?:${a}).{0,80}(?:${b})|(?:${b}).{0,80}(?:${a})`);

const TOPICS: readonly Topic[] = [
  {
    reason: 'away message',
    statementOnly: true,
    pattern: w(
      [
        'out of (?:the )?office|on (?:annual |parental )?(?:leave|holiday|vacation)|away (?:on holiday|from the office|until)',
        'no access to (?:my )?e-?mails?|(?:i will|i.ll) (?:reply|respond|get back to you) (?:when|on my return|as soon as)',
        'jag har semester|är på semester|är ledig till|frånvarande|läser inte (?:min )?(?:e-?post|mejl)',
        'på ferie|fraværende|ikke på kontoret|im urlaub|abwesend|nicht im büro|en congés?|en vacances|absente?',
        'je répondrai|lomalla|poissa toimistolta|automatic reply|automatiskt svar|automatische antwort|réponse automatique',
      ].join('|'),
    ),
  },
  {
    reason: 'away message',
    statementOnly: true,
    pattern: any(
      'בחופשה|מחוץ למשרד|המשרד סגור|לא עונה למיילים|מענה אוטומטי|自动回复|自動回覆|正在休假|休假中|不在办公室|来信已收到|來信已收到',
    ),
  },
  {
    reason: 'several questions',
    pattern: w(
      [
        'two questions|a few questions|several questions|några frågor|två frågor|flera frågor|to spørsmål',
        'zwei fragen|deux questions|kaksi kysymystä',
      ].join('|'),
    ),
  },
  { reason: 'several questions', pattern: any('כמה שאלות|שתי שאלות|两个问题|兩個問題|几个问题|幾個問題') },
  {
    reason: 'complaint',
    pattern: w(
      [
        'complain(?:t|ts|ing)?|unacceptable|disappointed|dissatisfied|(?:speak|talk) to (?:the |a )?(?:clinic |practice )?manager',
        'klagomål|klaga|besviken|missnöjd|oacceptabelt|klage|skuffet|misfornøyd|utilfreds|beschwerde|beschweren|enttäuscht',
        'unzufrieden|inakzeptabel|plainte|réclamation|déçue?|inacceptable|mécontente?|valitus|pettynyt|tyytymätön',
      ].join('|'),
    ),
  },
  { reason: 'complaint', pattern: any('תלונה|להתלונן|מאוכזב|לא מקובל|אני רוצה הסבר|投诉|投訴|不满|不滿|失望|改进|改進') },
  {
    reason: 'dispute about a bill or fee',
    pattern: w(
      [
        'overcharged|(?:i was|i.ve been|we were) (?:charged|billed)|wrong(?:ly)? (?:invoice|bill|charge|fee)|refund',
        'dispute|(?:cancel|waive|remove|withdraw) (?:the|this) (?:fee|charge|invoice)|felaktig faktura|fel på fakturan',
        'makulera\\p{L}*|återbetalning|bestrider|dubbeldebiter\\p{L}*|zu viel berechnet|falsche rechnung|rembourse\\p{L}*',
      ].join('|'),
    ),
  },
  {
    reason: 'dispute about a bill or fee',
    pattern: any('לבטל את החיוב|חייבו אותי|חויבתי|החזר כספי|גבוה מהמוסכם|多收|收错|收錯|有误|有誤|退款|核对|核對'),
  },
  {
    reason: 'clinical question',
    pattern: w(
      [
        'is (?:it|this|that) normal|still (?:bleeding|hurts|painful|swollen)|bleeding|pregnan\\p{L}*|breastfeeding|antibiotic\\p{L}*',
        'after (?:my|the|a) (?:extraction|filling|root canal|treatment|surgery|implant)|är det normalt|gravid|ammar|blöder',
        'antibiotika|efter (?:lagningen|behandlingen|rotfyllningen|operationen|utdragningen)|er det normalt|blør|bløder',
        'ist (?:das|es) normal|schwanger|blutet|antibiotik\\p{L}*|est-ce normal|c.est normal|enceinte|saigne|antibiotique\\p{L}*',
        'onko (?:se|tämä) normaalia|raskaana|vuotaa',
      ].join('|'),
    ),
  },
  {
    reason: 'clinical question',
    pattern: any(
      'זה תקין|זה נורמלי|בהיריון|בהריון|מדמם|אנטיביוטיקה|אחרי (?:ה)?(?:טיפול|עקירה|סתימה)|正常吗|正常嗎|怀孕|懷孕|出血|流血|抗生素|消炎药|拔牙后|拔牙後|术后|術後',
    ),
  },
  {
    reason: 'request to erase personal data',
    pattern: w(
      [
        '(?:delete|erase|remove) (?:all )?(?:of )?(?:my|our) (?:personal )?(?:data|information|details|records)|gdpr',
        'right to be forgotten|(?:radera|raderar|ta bort)(?: alla)? mina (?:person)?uppgifter|slett(?:e)? mine (?:person)?opplysninger',
        '(?:daten löschen|löschen sie (?:alle )?meine)|(?:supprimer|effacer) (?:toutes )?mes données',
      ].join('|'),
    ),
  },
  {
    reason: 'request to erase personal data',
    pattern: any(
      'למחוק את (?:כל )?(?:ה)?(?:פרטים|המידע|הנתונים)|מחיקת (?:ה)?(?:פרטים|מידע|נתונים)|(?:删除|刪除).{0,12}(?:资料|資料|信息|資訊|数据|數據|记录|紀錄)',
    ),
  },
  { reason: 'insurance paperwork', pattern: nearEachOther(INSURANCE, PAPERWORK) },
];

const THANKS = any(
  '(?<![\\p{L}])(?:thanks?|thank you|tack|tusen tack|takk|tak|danke|merci|kiitos|gracias|grazie)(?![\\p{L}])|תודה|谢谢|謝謝|多谢|多謝',
);
const QUESTION_MARK = /[?？؟]/u;
// Two or more numbered or bulleted lines that each ask something: "1. … ?  2. … ?".
const LISTED_QUESTION = /^[ \t]*(?:\d{1,2}[.)、．]|[-*•·])[ \t]*\S.*[?？][ \t]*$/gmu;
const THANKS_ONLY_TERMS = 6;

/** Why a person must answer this text, or null when the FAQ may. */
export function handoffTopic(text: string, language: string | null): string | null {
  const asks = QUESTION_MARK.test(text);
  if ((text.match(LISTED_QUESTION)?.length ?? 0) >= 2) return 'several questions';
  for (const topic of TOPICS) if ((!topic.statementOnly || !asks) && topic.pattern.test(text)) return topic.reason;
  if (!asks && THANKS.test(text) && tokenize(text, language ?? '').length <= THANKS_ONLY_TERMS) return 'thanks, nothing to answer';
  return null;
}
