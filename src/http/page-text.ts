// Words on the public pages a contact may see (unsubscribe, preferences), in their language.
export interface PageText {
  lang: string;
  dir: 'ltr' | 'rtl';
  title: string;
  confirm(email: string): string;
  button: string;
  done: string;
  doneDetail(email: string): string;
  preferences: string;
  isSubscribed(email: string): string;
  isUnsubscribed(email: string): string;
  resubscribe: string;
}

const TEXTS: Record<string, PageText> = {
  en: {
    lang: 'en',
    dir: 'ltr',
    title: 'Unsubscribe',
    confirm: (e) => `Stop marketing email to ${e}? You will still get replies to your messages and receipts for your orders.`,
    button: 'Unsubscribe',
    done: 'You are unsubscribed',
    doneDetail: (e) => `We will not send marketing email to ${e} any more.`,
    preferences: 'Email preferences',
    isSubscribed: (e) => `${e} receives our newsletters and offers.`,
    isUnsubscribed: (e) => `${e} does not receive newsletters or offers.`,
    resubscribe: 'Subscribe again',
  },
  sv: {
    lang: 'sv',
    dir: 'ltr',
    title: 'Avregistrera',
    confirm: (e) =>
      `Sluta skicka marknadsföringsmejl till ${e}? Du får fortfarande svar på dina meddelanden och kvitton på dina beställningar.`,
    button: 'Avregistrera',
    done: 'Du är avregistrerad',
    doneDetail: (e) => `Vi skickar inte längre marknadsföringsmejl till ${e}.`,
    preferences: 'E-postinställningar',
    isSubscribed: (e) => `${e} får våra nyhetsbrev och erbjudanden.`,
    isUnsubscribed: (e) => `${e} får inga nyhetsbrev eller erbjudanden.`,
    resubscribe: 'Prenumerera igen',
  },
  he: {
    lang: 'he',
    dir: 'rtl',
    title: 'הסרה מרשימת התפוצה',
    confirm: (e) => `להפסיק לשלוח דיוור שיווקי אל ${e}? תמשיכו לקבל תשובות להודעות שלכם וקבלות על הזמנות.`,
    button: 'הסרה',
    done: 'הוסרתם מרשימת התפוצה',
    doneDetail: (e) => `לא נשלח עוד דיוור שיווקי אל ${e}.`,
    preferences: 'העדפות דוא״ל',
    isSubscribed: (e) => `${e} מקבל/ת את הניוזלטר וההצעות שלנו.`,
    isUnsubscribed: (e) => `${e} אינו/ה מקבל/ת ניוזלטר או הצעות.`,
    resubscribe: 'הרשמה מחדש',
  },
  zh: {
    lang: 'zh',
    dir: 'ltr',
    title: '退订',
    confirm: (e) => `停止向 ${e} 发送营销邮件？您仍会收到对您消息的回复和订单收据。`,
    button: '退订',
    done: '您已退订',
    doneDetail: (e) => `我们将不再向 ${e} 发送营销邮件。`,
    preferences: '邮件偏好设置',
    isSubscribed: (e) => `${e} 会收到我们的新闻通讯和优惠信息。`,
    isUnsubscribed: (e) => `${e} 不会收到新闻通讯或优惠信息。`,
    resubscribe: '重新订阅',
  },
};

export function pageText(locale: string | null | undefined): PageText {
  const language = (locale ?? 'en').toLowerCase().split('-')[0]!;
  return TEXTS[language] ?? TEXTS.en!;
}
