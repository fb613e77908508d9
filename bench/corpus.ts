// Realistic support-mail text in the four languages Samtal's customers write in: Swedish,
// English, Hebrew and Chinese. The generators pick from these with a seeded PRNG (mail.ts) or
// by SQL from a phrase table (dataset.ts). "{order}" is replaced by an order number.
export const LANGS = ['sv', 'en', 'he', 'zh'] as const;
export type Lang = (typeof LANGS)[number];

export interface LangCorpus {
  locale: string;
  timezone: string;
  domain: string;
  orderPrefix: string;
  firstNames: string[];
  lastNames: string[];
  cities: string[];
  greetings: string[];
  /** What customers write. */
  customer: string[];
  closings: string[];
  /** What agents answer. */
  agent: string[];
  subjects: string[];
  /** Reply prefix their mail client adds to the subject. */
  replyPrefix: string;
  /** The line a mail client writes above a quote; {date} and {from} are filled in. */
  quoteHeader: string;
}

export const CORPUS: Record<Lang, LangCorpus> = {
  sv: {
    locale: 'sv-SE',
    timezone: 'Europe/Stockholm',
    domain: 'example.se',
    orderPrefix: 'SE',
    firstNames: ['Astrid', 'Erik', 'Maja', 'Johan', 'Elsa', 'Lars', 'Ingrid', 'Oskar', 'Karin', 'Nils', 'Sofia', 'Anders', 'Linnéa', 'Gustav', 'Ebba', 'Björn'],
    lastNames: ['Lindqvist', 'Andersson', 'Johansson', 'Karlsson', 'Nilsson', 'Eriksson', 'Larsson', 'Olsson', 'Persson', 'Svensson', 'Gustafsson', 'Pettersson', 'Åberg', 'Sjöström', 'Bergström', 'Holmgren'],
    cities: ['Uppsala', 'Göteborg', 'Malmö', 'Stockholm', 'Västerås', 'Örebro', 'Linköping', 'Umeå', 'Luleå', 'Jönköping'],
    greetings: ['Hej!', 'Hej,', 'Hejsan!', 'Hej igen,', 'God morgon,', 'Tjena,'],
    customer: [
      'Jag har fortfarande inte fått min beställning {order}, trots att det står att den är levererad.',
      'Kan ni skicka till min jobbadress i stället? Storgatan 12, 753 20 Uppsala.',
      'Fakturan för {order} har fel momsnummer, kan ni skicka en ny?',
      'Tröjan var för liten, hur gör jag en retur?',
      'Jag blev dubbeldebiterad för samma order, {order}. Kan ni återbetala den ena dragningen?',
      'Leveransen kom i går men en av tallrikarna var trasig.',
      'När kommer varan tillbaka i lager? Jag har väntat sedan i våras.',
      'Jag vill byta leveransadress innan paketet skickas.',
      'Går det att hämta ut paketet hos ett annat ombud?',
      'Spårningslänken fungerar inte, den säger bara att sändningen inte hittas.',
      'Jag har glömt mitt lösenord och återställningsmejlet kommer aldrig fram.',
      'Kan jag ändra min prenumeration till ett årsabonnemang?',
      'Rabattkoden fungerade inte i kassan, den sa att den hade gått ut.',
      'Tack för snabbt svar! Det löste sig när jag startade om appen.',
      'Är det möjligt att dela upp betalningen på flera månader med faktura?',
      'Paketet står fortfarande som på väg efter en vecka, vad händer?',
      'Jag skulle vilja avsluta mitt konto och få mina uppgifter raderade.',
      'Storleksguiden stämmer inte, skorna är minst en storlek för små.',
      'Kan ni bekräfta att returen för {order} har kommit fram till lagret?',
      'Min kollega behöver också tillgång till kontot, hur lägger jag till en användare?',
      'Varför har priset ändrats sedan jag lade varan i varukorgen?',
      'Jag har inte fått någon orderbekräftelse på mejlen.',
      'Går det att få kvitto utan personnummer för {order}?',
      'Leveranstiden på sajten sa två dagar men det har gått fem.',
    ],
    closings: ['Mvh {name}', 'Vänliga hälsningar,\n{name}', 'Tack på förhand!\n{name}', 'Hälsningar {name}', '/{name}'],
    agent: [
      'Tack för att du hör av dig, och förlåt för besväret.',
      'Jag har kontrollerat din order {order} och den lämnade vårt lager i tisdags.',
      'Vi skickar en ny faktura med rätt momsnummer inom en arbetsdag.',
      'Returen är registrerad och återbetalningen görs inom fem bankdagar.',
      'Jag har ändrat leveransadressen åt dig, paketet går till jobbet i stället.',
      'Du kan återställa lösenordet via länken nedan, den gäller i en timme.',
      'Vi har skickat en ersättningstallrik utan kostnad.',
      'Säg gärna till om något mer dyker upp, vi finns här.',
    ],
    subjects: [
      'Min order {order} har inte kommit',
      'Fel på fakturan',
      'Retur av tröja',
      'Byta leveransadress',
      'Dubbeldebitering',
      'Fråga om leveranstid',
      'Trasig vara i paketet',
      'Rabattkod fungerar inte',
      'Avsluta konto',
      'Din order {order} är bekräftad',
    ],
    replyPrefix: 'SV: ',
    quoteHeader: 'Den {date} skrev {from}:',
  },
  en: {
    locale: 'en-GB',
    timezone: 'Europe/London',
    domain: 'example.com',
    orderPrefix: 'UK',
    firstNames: ['James', 'Priya', 'Oliver', 'Amelia', 'Harry', 'Chloe', 'Daniel', 'Grace', 'Samuel', 'Emily', 'Noah', 'Hannah', 'Leo', 'Isla', 'Ravi', 'Zoe'],
    lastNames: ['Okafor', 'Raman', 'Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Evans', 'Thomas', 'Roberts', 'Walker', 'Patel', 'Wright', 'Green', 'Hughes'],
    cities: ['London', 'Manchester', 'Leeds', 'Bristol', 'Glasgow', 'Cardiff', 'Belfast', 'Brighton', 'York', 'Oxford'],
    greetings: ['Hi,', 'Hello,', 'Hi there,', 'Good morning,', 'Dear support team,', 'Hey,'],
    customer: [
      'Our March invoice lists the wrong VAT number, could you reissue it for order {order}?',
      'My parcel was marked as delivered yesterday but nothing arrived.',
      'I would like to return the jacket, it is too small. What is the return address?',
      'I was charged twice for order {order}, please refund one of the payments.',
      'Can I change the delivery address before the order ships?',
      'The tracking link says the shipment cannot be found.',
      'Tuesday at 10:00 works for me. I will bring the signed contract and the invoices.',
      'I cannot log in, the password reset email never arrives.',
      'Is it possible to upgrade our plan to annual billing?',
      'The discount code was rejected at checkout even though it should still be valid.',
      'Thanks for the quick reply, restarting the app fixed it.',
      'Could you add a second seat for my colleague?',
      'When will the item be back in stock? I have been waiting for weeks.',
      'The mug arrived with a crack in the handle.',
      'Please close my account and delete my personal data.',
      'The size guide is off, the shoes are at least one size too small.',
      'Has the return for {order} reached your warehouse yet?',
      'Why did the price change after I added it to my basket?',
      'I never received an order confirmation email.',
      'Can I get a receipt with our company name for {order}?',
      'The delivery estimate said two days but it has been five.',
      'Could you split the invoice between two cost centres?',
      'Our team cannot see the shared inbox since this morning.',
      'Is there a way to export all our conversations as CSV?',
    ],
    closings: ['Thanks,\n{name}', 'Best regards,\n{name}', 'Cheers,\n{name}', 'Kind regards,\n{name}', '{name}'],
    agent: [
      'Thanks for getting in touch, and sorry for the trouble.',
      'I have checked order {order} and it left our warehouse on Tuesday.',
      'We will send a corrected invoice within one working day.',
      'Your return is registered and the refund will reach you within five working days.',
      'I have updated the delivery address for you.',
      'You can reset your password with the link below; it is valid for one hour.',
      'We have sent a replacement free of charge.',
      'Just reply if anything else comes up, we are here to help.',
    ],
    subjects: [
      'Invoice shows the wrong VAT number',
      'Parcel marked delivered but not received',
      'Return of jacket',
      'Charged twice for order {order}',
      'Change of delivery address',
      'Question about delivery time',
      'Damaged item',
      'Discount code not working',
      'Close my account',
      'Your order {order} is confirmed',
    ],
    replyPrefix: 'Re: ',
    quoteHeader: 'On {date}, {from} wrote:',
  },
  he: {
    locale: 'he-IL',
    timezone: 'Asia/Jerusalem',
    domain: 'example.co.il',
    orderPrefix: 'IL',
    firstNames: ['נועה', 'יונתן', 'מאיה', 'איתי', 'שירה', 'דניאל', 'תמר', 'אורי', 'יעל', 'עומר', 'רוני', 'אביגיל'],
    lastNames: ['כהן', 'לוי', 'מזרחי', 'פרץ', 'ביטון', 'אברהם', 'פרידמן', 'שפירא', 'דהן', 'אזולאי', 'גבאי', 'חדד'],
    cities: ['תל אביב', 'ירושלים', 'חיפה', 'באר שבע', 'רמת גן', 'נתניה', 'הרצליה', 'אשדוד'],
    greetings: ['שלום,', 'היי,', 'שלום רב,', 'בוקר טוב,', 'ערב טוב,'],
    customer: [
      'עדיין לא קיבלתי את ההזמנה {order}, למרות שכתוב שהיא נמסרה.',
      'אפשר לשלוח למשרד במקום הבית? רחוב הרצל 15, תל אביב.',
      'בחשבונית של הזמנה {order} מופיע מספר עוסק שגוי.',
      'החולצה קטנה מדי, איך עושים החזרה?',
      'חויבתי פעמיים על אותה הזמנה, אשמח להחזר של אחד החיובים.',
      'המשלוח הגיע אתמול אבל אחת הצלחות שבורה.',
      'מתי המוצר יחזור למלאי? אני מחכה כבר חודש.',
      'אני רוצה לשנות את כתובת המשלוח לפני שהחבילה יוצאת.',
      'קישור המעקב לא עובד, כתוב שהמשלוח לא נמצא.',
      'שכחתי את הסיסמה והמייל לאיפוס לא מגיע.',
      'אפשר לעבור למנוי שנתי?',
      'קוד ההנחה לא עבד בקופה, כתוב שהוא פג תוקף.',
      'תודה על התשובה המהירה! זה הסתדר אחרי שהפעלתי מחדש את האפליקציה.',
      'אפשר לחלק את התשלום לכמה חודשים?',
      'החבילה עדיין בדרך אחרי שבוע, מה קורה?',
      'אני רוצה לסגור את החשבון ולמחוק את הפרטים שלי.',
      'האם ההחזרה של הזמנה {order} הגיעה למחסן?',
      'למה המחיר השתנה אחרי שהוספתי את המוצר לעגלה?',
      'לא קיבלתי אישור הזמנה במייל.',
      'אפשר לקבל קבלה על שם החברה עבור {order}?',
      'זמן המשלוח באתר היה יומיים ועברו כבר חמישה.',
    ],
    closings: ['תודה,\n{name}', 'בברכה,\n{name}', 'תודה מראש!\n{name}', '{name}'],
    agent: [
      'תודה שפנית אלינו, ומצטערים על אי הנוחות.',
      'בדקתי את הזמנה {order} והיא יצאה מהמחסן ביום שלישי.',
      'נשלח חשבונית מתוקנת תוך יום עסקים אחד.',
      'ההחזרה נרשמה והזיכוי יתקבל תוך חמישה ימי עסקים.',
      'עדכנתי עבורך את כתובת המשלוח.',
      'אפשר לאפס את הסיסמה בקישור שלמטה, הוא בתוקף לשעה.',
      'שלחנו מוצר חלופי ללא עלות.',
      'אם יש עוד משהו, פשוט עני למייל הזה.',
    ],
    subjects: [
      'ההזמנה {order} לא הגיעה',
      'טעות בחשבונית',
      'החזרת חולצה',
      'שינוי כתובת משלוח',
      'חיוב כפול',
      'שאלה על זמן המשלוח',
      'מוצר פגום',
      'קוד הנחה לא עובד',
      'ההזמנה שלך {order} אושרה',
    ],
    replyPrefix: 'תשובה: ',
    quoteHeader: 'ב-{date}, מאת {from}:',
  },
  zh: {
    locale: 'zh-CN',
    timezone: 'Asia/Shanghai',
    domain: 'example.cn',
    orderPrefix: 'CN',
    firstNames: ['小明', '丽娜', '伟', '芳', '静', '磊', '晓燕', '浩然', '欣怡', '子轩', '梓涵', '俊杰'],
    lastNames: ['王', '李', '张', '刘', '陈', '杨', '黄', '赵', '吴', '周', '徐', '孙'],
    cities: ['上海', '北京', '广州', '深圳', '杭州', '成都', '南京', '武汉'],
    greetings: ['您好，', '你好，', '客服您好，', '早上好，'],
    customer: [
      '我的订单{order}显示已签收，但是我还没有收到包裹。',
      '请问可以把收货地址改成公司地址吗？上海市浦东新区世纪大道100号。',
      '订单{order}的发票抬头写错了，麻烦重新开一张。',
      '衣服尺码太小了，请问怎么申请退货？',
      '同一个订单被扣了两次款，请帮我退款其中一笔。',
      '快递昨天到了，但是有一个盘子碎了。',
      '这个商品什么时候补货？我已经等了一个月了。',
      '包裹发出之前我想修改收货地址。',
      '物流单号查不到任何信息，请帮忙看一下。',
      '我忘记了密码，重置密码的邮件一直收不到。',
      '可以把我的会员改成年付吗？',
      '优惠码在结算时提示已过期。',
      '谢谢你们的快速回复，重启应用以后就好了。',
      '请问可以分期付款吗？',
      '包裹一个星期了还在运输途中，是怎么回事？',
      '我想注销账户并删除我的个人信息。',
      '请确认订单{order}的退货已经到达仓库。',
      '为什么加入购物车以后价格变了？',
      '我没有收到订单确认邮件。',
      '能否为订单{order}开具公司抬头的收据？',
      '网站上写两天送达，现在已经五天了。',
    ],
    closings: ['谢谢！\n{name}', '此致\n{name}', '麻烦了，谢谢。\n{name}', '{name}'],
    agent: [
      '感谢您的来信，给您带来不便非常抱歉。',
      '我查询了订单{order}，它已于周二从仓库发出。',
      '我们会在一个工作日内重新开具正确的发票。',
      '退货已登记，退款将在五个工作日内到账。',
      '已经为您修改了收货地址。',
      '您可以通过下面的链接重置密码，链接一小时内有效。',
      '我们已经免费为您补发了一件新的。',
      '如果还有其他问题，直接回复这封邮件即可。',
    ],
    subjects: [
      '订单{order}还没有收到',
      '发票抬头有误',
      '申请退货',
      '修改收货地址',
      '重复扣款',
      '咨询发货时间',
      '商品破损',
      '优惠码无法使用',
      '您的订单{order}已确认',
    ],
    replyPrefix: '回复：',
    quoteHeader: '{from} 于 {date} 写道：',
  },
};

/** Share of contacts per language (Swedish company with international customers). */
export const LANG_WEIGHTS: Record<Lang, number> = { sv: 0.4, en: 0.35, he: 0.15, zh: 0.1 };

export function pickLang(u: number): Lang {
  let acc = 0;
  for (const lang of LANGS) {
    acc += LANG_WEIGHTS[lang];
    if (u < acc) return lang;
  }
  return 'zh';
}

/** Search terms the bench looks for, per language: common words, and rarer ones. */
export const SEARCH_TERMS: { lang: Lang; term: string; kind: 'common' | 'rare' }[] = [
  { lang: 'sv', term: 'leveransadress', kind: 'common' },
  { lang: 'sv', term: 'fakturan', kind: 'common' },
  { lang: 'sv', term: 'tallrikarna', kind: 'rare' },
  { lang: 'en', term: 'invoice', kind: 'common' },
  { lang: 'en', term: 'warehouse', kind: 'common' },
  { lang: 'en', term: 'cost centres', kind: 'rare' },
  { lang: 'he', term: 'המשלוח', kind: 'common' },
  { lang: 'he', term: 'החזרה', kind: 'common' },
  { lang: 'he', term: 'הצלחות', kind: 'rare' },
  { lang: 'zh', term: '收货地址', kind: 'common' },
  { lang: 'zh', term: '发票抬头', kind: 'common' },
  { lang: 'zh', term: '盘子碎了', kind: 'rare' },
];
