/**
 * Separator lines that open a forwarded or original message ("-----Original Message-----",
 * "Begin forwarded message:") in many languages. Ported from and extending
 * discourse/email_reply_trimmer (MIT, see THIRD_PARTY_NOTICES.md).
 */
import type { LinePattern } from './pattern-kit.ts';

/** Begin forwarded message / -----Original Message----- and friends. */
const SEPARATOR_NAMES = [
  'Forwarded\\s+message',
  'Original\\s+message',
  'Reply\\s+message',
  'Message\\s+transféré',
  'Message\\s+d.origine',
  'Message\\s+original',
  'Ursprüngliche\\s+Nachricht',
  'Antwort\\s+Nachricht',
  'Original-?\\s*Nachricht',
  'Weitergeleitete\\s+Nachricht',
  'Mensaje\\s+original',
  'Mensaje\\s+reenviado',
  'Mensagem\\s+original',
  'Mensagem\\s+encaminhada',
  'Messaggio\\s+originale',
  'Messaggio\\s+inoltrato',
  'Oorspronkelijk\\s+bericht',
  'Origineel\\s+bericht',
  'Doorgestuurd\\s+bericht',
  'Ursprungligt\\s+meddelande',
  'Vidarebefordrat\\s+meddelande',
  'Opprinnelig\\s+melding',
  'Videresendt\\s+melding',
  'Oprindelig\\s+meddelelse',
  'Videresendt\\s+meddelelse',
  'Oprindelig\\s+besked',
  'Videresendt\\s+besked',
  'Alkuperäinen\\s+viesti',
  'Välitetty\\s+viesti',
  'Oryginalna\\s+wiadomość',
  'Wiadomość\\s+przekazana',
  'Původní\\s+zpráva',
  'Přeposlaná\\s+zpráva',
  'Исходное\\s+сообщение',
  'Пересылаемое\\s+сообщение',
  'Переслане\\s+повідомлення',
  'הודעה\\s+מקורית',
  'הודעה\\s+שהועברה',
  'הודעה\\s+מועברת',
  '原始邮件',
  '原始郵件',
  '转发的邮件',
  '轉寄的郵件',
  '元のメッセージ',
  '転送されたメッセージ',
  'Orijinal\\s+ileti',
  'Eredeti\\s+üzenet',
  'Továbbított\\s+üzenet',
  'Missatge\\s+original',
  'Missatge\\s+reenviat',
  'Оригінальне\\s+повідомлення',
  'Вихідне\\s+повідомлення',
  'Mesaj\\s+original',
  '원본\\s*메시지',
];

/** "Begin forwarded message:" in several languages. */
const FORWARD_INTROS = [
  'Begin\\s+forwarded\\s+message',
  'Début\\s+du\\s+message\\s+(?:transféré|réexpédié)',
  'Anfang\\s+der\\s+weitergeleiteten\\s+(?:Nachricht|E-Mail)',
  'Inizio\\s+messaggio\\s+inoltrato',
  'Begin\\s+doorgestuurd\\s+bericht',
  'Vidarebefordrat\\s+brev',
  'Videresendt\\s+(?:meddelelse|melding)',
  'Comienzo\\s+del\\s+mensaje\\s+reenviado',
  'Início\\s+da\\s+mensagem\\s+reencaminhada',
  'Välitetty\\s+viesti\\s+alkaa',
  'Начало\\s+переадресованного\\s+сообщения',
  'תחילת\\s+הודעה\\s+שהועברה',
  '转发的邮件',
  '転送されたメッセージ',
];

export const FORWARDED: readonly LinePattern[] = [
  {
    source: `^[ \\t>]*(?:${FORWARD_INTROS.join('|')})\\s*[:：]`,
    need: [
      'forwarded', 'transféré', 'réexpédié', 'weitergeleitet', 'inoltrato', 'doorgestuurd', 'vidarebefordrat',
      'videresendt', 'reenviado', 'reencaminhada', 'välitetty', 'переадресованного', 'שהועברה', '转发', '転送',
    ],
  },
  // ---------- Forwarded message ---------  /  -----Original Message-----  /  *----- Original Message -----*
  // QQ Mail writes the blanks as "&nbsp;" even in its text part: ------------------&nbsp;原始邮件&nbsp;------------------
  { source: `^[ \\t>*]*-{2,}(?:[ \\t]|&nbsp;)*(?:${SEPARATOR_NAMES.join('|')})(?:[ \\t]|&nbsp;)*-{2,}`, need: ['--'] },
];
