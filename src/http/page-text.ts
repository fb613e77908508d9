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
  /** The one-click page of a link made for mail of one topic. */
  confirmTopic(email: string, topic: string): string;
  topicButton(topic: string): string;
  allButton: string;
  topicDone(topic: string): string;
  topicDoneDetail(email: string, topic: string): string;
  /** The preference page's form. */
  marketingLabel: string;
  lessOften: string;
  topicsHeading: string;
  save: string;
  saved: string;
  managePreferences: string;
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
    confirmTopic: (e, t) => `Stop "${t}" email to ${e}? You can also stop all marketing email, or choose topics on the preference page.`,
    topicButton: (t) => `Unsubscribe from "${t}"`,
    allButton: 'Unsubscribe from all marketing email',
    topicDone: (t) => `You left "${t}"`,
    topicDoneDetail: (e, t) => `We will not send "${t}" email to ${e} any more. Other topics you chose stay as they are.`,
    marketingLabel: 'Newsletters and offers',
    lessOften: 'Less often: at most one marketing email a week',
    topicsHeading: 'Topics',
    save: 'Save',
    saved: 'Your choices are saved.',
    managePreferences: 'Choose topics and how often',
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
    confirmTopic: (e, t) =>
      `Sluta skicka ”${t}” till ${e}? Du kan också stoppa all marknadsföring, eller välja ämnen på inställningssidan.`,
    topicButton: (t) => `Avregistrera från ”${t}”`,
    allButton: 'Avregistrera från all marknadsföring',
    topicDone: (t) => `Du har lämnat ”${t}”`,
    topicDoneDetail: (e, t) => `Vi skickar inte längre ”${t}” till ${e}. Andra ämnen du valt är kvar som de var.`,
    marketingLabel: 'Nyhetsbrev och erbjudanden',
    lessOften: 'Mer sällan: högst ett marknadsföringsmejl i veckan',
    topicsHeading: 'Ämnen',
    save: 'Spara',
    saved: 'Dina val är sparade.',
    managePreferences: 'Välj ämnen och hur ofta',
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
    confirmTopic: (e, t) => `להפסיק לשלוח "${t}" אל ${e}? אפשר גם להפסיק את כל הדיוור השיווקי, או לבחור נושאים בדף ההעדפות.`,
    topicButton: (t) => `הסרה מ"${t}"`,
    allButton: 'הסרה מכל הדיוור השיווקי',
    topicDone: (t) => `הוסרתם מ"${t}"`,
    topicDoneDetail: (e, t) => `לא נשלח עוד "${t}" אל ${e}. שאר הנושאים שבחרתם נשארים כפי שהיו.`,
    marketingLabel: 'ניוזלטרים והצעות',
    lessOften: 'לעיתים רחוקות יותר: לכל היותר הודעה שיווקית אחת בשבוע',
    topicsHeading: 'נושאים',
    save: 'שמירה',
    saved: 'הבחירות שלכם נשמרו.',
    managePreferences: 'בחירת נושאים ותדירות',
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
    confirmTopic: (e, t) => `停止向 ${e} 发送“${t}”邮件？您也可以停止所有营销邮件，或在偏好设置页面选择主题。`,
    topicButton: (t) => `退订“${t}”`,
    allButton: '退订所有营销邮件',
    topicDone: (t) => `您已退订“${t}”`,
    topicDoneDetail: (e, t) => `我们将不再向 ${e} 发送“${t}”邮件。您选择的其他主题保持不变。`,
    marketingLabel: '新闻通讯和优惠',
    lessOften: '减少频率：每周最多一封营销邮件',
    topicsHeading: '主题',
    save: '保存',
    saved: '您的选择已保存。',
    managePreferences: '选择主题和频率',
  },
};

export function pageText(locale: string | null | undefined): PageText {
  const language = (locale ?? 'en').toLowerCase().split('-')[0]!;
  return TEXTS[language] ?? TEXTS.en!;
}
