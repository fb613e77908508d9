// The demo shop's FAQ (loaded with the demo data; FAQ_MODE is auto in the demo): three entries in
// Swedish, English, Hebrew and Chinese.
import type { FaqEntryCreate } from '../domain/autoresponder/entry-input.ts';

export const DEMO_FAQ: (FaqEntryCreate & { id: string })[] = [
  {
    id: 'returns',
    questions: {
      sv: ['Hur returnerar jag en vara?', 'Kan jag ångra mitt köp?'],
      en: ['How do I return an item?', 'Can I send my order back?'],
      he: ['איך מחזירים מוצר?', 'אפשר לבטל את ההזמנה ולהחזיר?'],
      zh: ['怎么退货？', '我可以退回订单吗？'],
    },
    answers: {
      sv:
        'Hej {{ contact.first_name | default: "där" }}! Du har 30 dagars öppet köp. ' +
        'Starta returen på Mina sidor, så får du en fraktsedel.',
      en:
        'Hi {{ contact.first_name | default: "there" }}! You can return anything within 30 days. ' +
        'Start the return on My pages to get a label.',
      he: 'שלום! אפשר להחזיר כל מוצר תוך 30 יום. התחילו את ההחזרה באזור האישי ותקבלו תווית משלוח.',
      zh: '您好！30天内可无理由退货。请在“我的页面”发起退货，即可获得退货标签。',
    },
    mode: 'auto',
    tags: ['orders'],
    enabled: true,
  },
  {
    id: 'support-hours',
    questions: {
      sv: ['När har kundtjänst öppet?', 'Vilka tider kan jag ringa er?'],
      en: ['When is customer service open?', 'What time can I call you?'],
      he: ['מתי שירות הלקוחות פתוח?', 'באיזה שעות אפשר להתקשר?'],
      zh: ['客服什么时候上班？', '我什么时候可以给你们打电话？'],
    },
    answers: {
      sv: 'Kundtjänst har öppet vardagar 9–17 på telefon 08-123 45 00, och vi svarar på mejl inom en arbetsdag.',
      en: 'Customer service is open on weekdays 9–17 at +46 8 123 45 00, and we answer email within one working day.',
      he: 'שירות הלקוחות פתוח בימי חול 9:00–17:00 בטלפון ‎+46 8 123 45 00, ואנחנו עונים למיילים תוך יום עבודה.',
      zh: '客服工作日9:00–17:00，电话 +46 8 123 45 00；邮件会在一个工作日内回复。',
    },
    mode: 'auto',
    tags: ['contact'],
    enabled: true,
  },
  {
    id: 'gift-cards',
    questions: {
      sv: ['Säljer ni presentkort?', 'Hur länge gäller ett presentkort?'],
      en: ['Do you sell gift cards?', 'How long is a gift card valid?'],
    },
    answers: {
      sv: 'Ja! Presentkort finns från 200 kr på webbplatsen och gäller i två år.',
      en: 'Yes! Gift cards from 200 SEK are on our website and are valid for two years.',
    },
    mode: 'suggest',
    tags: ['orders'],
    enabled: true,
  },
];
