// Function words, greetings and sign-offs per language: they say nothing about which entry answers a
// message, and in short example questions they would otherwise decide the ranking. Lower-case, unstemmed.
const LISTS: Record<string, string> = {
  en: `a an the and or but if of to in on at for from by with about as into than then so not no yes do does did done
    is are was were be been being am have has had having i me my mine we us our you your yours he him his she her it its
    they them their this that these those there here what which who whom whose when where why how can could would should
    will shall may might must just also very too some any all please hi hello hey dear thanks thank regards best kind
    cheers sincerely get got im i'm it's dont don't let know want wondering wonder question ask asking tell help hope
    sent iphone android mail`,
  sv: `och eller men om av till i på för från med som att det den de dem detta denna dessa där här vad vilken vilket
    vilka vem när var varför hur kan kunde vid går gå gör göra gjort finns fanns blir bli
    skulle ska skall vill måste får fick är var varit vara har hade ha jag mig min
    mitt mina vi oss vår vårt våra du dig din ditt dina ni er era han honom hans hon henne hennes den dess deras man en
    ett inte nej ja så också bara mycket lite någon något några alla hej hejsan tjena hallå tack tacka vänliga hälsningar
    mvh hälsning hälsar undrar fråga frågor skickat från min iphone`,
  no: `og eller men om av til i på for fra med som at det den de dem dette denne disse der her hva hvilken hvilket
    hvem når hvor hvorfor hvordan kan kunne skulle skal vil må får er var vært være har hadde ha jeg meg min mitt mine vi
    oss vår vårt våre du deg din ditt dine dere han ham hans hun henne hennes en et ikke nei ja så også bare hei hallo
    takk vennlig hilsen mvh lurer spørsmål`,
  da: `og eller men om af til i på for fra med som at det den de dem dette denne disse der her hvad hvilken hvem hvornår
    hvor hvorfor hvordan kan kunne skulle skal vil må får er var været være har havde jeg mig min mit mine vi os vores du
    dig din dit dine i jer han ham hans hun hende hendes en et ikke nej ja så også bare hej tak venlig hilsen mvh`,
  de: `der die das den dem des ein eine einen einem einer und oder aber wenn von zu in im an am auf für aus mit bei als
    ist sind war waren sein bin bist hat haben hatte ich mich mir mein meine wir uns unser du dich dir dein ihr euch er
    ihn sie es wie was wer wo wann warum welche welcher kann können könnte würde soll sollte muss darf nicht kein keine
    ja nein auch nur sehr so hallo liebe lieber guten tag danke vielen grüße gruß freundlichen mfg bitte frage`,
  fr: `le la les l un une des du de d et ou mais si à au aux en dans sur pour par avec sans ce cet cette ces est sont
    était être ai as a avons avez ont je j me m moi mon ma mes nous notre nos vous votre vos il elle ils elles on lui leur
    leurs que qu qui quoi quand où pourquoi comment quel quelle quels quelles peux peut pouvez pouvons puis voudrais
    ne pas non oui aussi très bonjour salut merci cordialement madame monsieur bien question`,
  fi: `ja tai mutta jos että kun niin on ovat oli olla olen olet olemme olette minä minun minulla minulle me meidän sinä
    sinun te teidän hän hänen he heidän se sen ne mikä mitä kuka miksi miten missä milloin voi voin voiko voitteko
    voisitteko onko ei kyllä myös vain hei moi terve kiitos ystävällisin terveisin kysymys`,
  he: `של את על עם אל מן מ ב ל ו ה ש כ זה זו זאת אלה הוא היא הם הן אני אנחנו אתה את אתם אתן לי לך לו לה לנו לכם להם
    שלי שלך שלו שלה שלנו שלכם שלהם יש אין גם רק כי אם או אבל מה מי איך איפה מתי למה האם כן לא אפשר רוצה רציתי
    שלום היי תודה רבה בברכה להתראות בבקשה שאלה`,
  zh: `的 了 吗 呢 吧 啊 是 在 有 和 与 或 我 你 您 他 她 它 我们 你们 您们 他们 这 那 这个 那个 什么 怎么 为什么 哪 哪里
    吗？ 请 请问 谢谢 你好 您好 谢 一下 可以 能 想 要 会 就 都 也 还 很 问 问题`,
};

const SETS = new Map(Object.entries(LISTS).map(([lang, words]) => [lang, new Set(words.split(/\s+/).filter(Boolean))]));

/** Whether a lower-cased word is a function word, greeting or sign-off in the language (unknown languages: none). */
export function isStopword(word: string, language: string): boolean {
  return SETS.get(language)?.has(word) ?? false;
}
