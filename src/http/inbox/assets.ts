// The inbox's only stylesheet and script, served from /static with the strict CSP
// (script-src 'self', style-src 'self': no inline code anywhere).
export const INBOX_CSS = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1d2433;--muted:#5a6478;--line:#e4e7ec;--accent:#2457d6;--accent-ink:#fff;
--customer:#fff;--agent:#e8f0ff;--note:#fff8db;--auto:#f2f4f7;--late:#b42318;--soon:#b54708;--ok:#027a48}
*{box-sizing:border-box}
body{margin:0;
font:15px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","Noto Sans Hebrew","Noto Sans SC",sans-serif;
color:var(--ink);background:var(--bg)}
a{color:var(--accent);text-decoration:none}a:hover{text-decoration:underline}
.topbar{display:flex;flex-wrap:wrap;align-items:center;gap:8px 16px;padding:8px 16px;background:#101828;color:#fff}
.topbar a,.topbar .link{color:#fff}.brand{font-weight:700;font-size:18px}
.topbar .search{flex:1;min-width:160px}.topbar .search input{width:100%;max-width:520px;padding:6px 10px;border-radius:6px;border:0}
.topbar nav{display:flex;flex-wrap:wrap;gap:4px 12px;align-items:center}.inline{display:inline}
button{font:inherit;padding:6px 12px;border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--ink);cursor:pointer}
button.primary{background:var(--accent);border-color:var(--accent);color:var(--accent-ink)}
button.link{border:0;background:none;padding:0;text-decoration:underline}
button.close{border-color:#98a2b3}
input,select,textarea{font:inherit;padding:6px 8px;border:1px solid var(--line);border-radius:6px;background:#fff;color:var(--ink)}
textarea{width:100%;resize:vertical}
/* An empty dir=auto field is ltr; its placeholder is the page's words, so it takes the page's direction. */
:root[dir=rtl] textarea:placeholder-shown,:root[dir=rtl] input:placeholder-shown{direction:rtl}
main{max-width:1200px;margin:0 auto;padding:16px}
.card{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:20px}
.login main{display:flex;justify-content:center;padding-top:10vh}
.login-card{width:100%;max-width:380px;display:flex;flex-direction:column;gap:12px}
.login-card label{display:flex;flex-direction:column;gap:4px}
.muted{color:var(--muted)}.error{color:var(--late)}.warning{background:#fef0c7;border:1px solid #fedf89;padding:10px;border-radius:8px}
.notice{background:#ecfdf3;border:1px solid #abefc6;padding:10px;border-radius:8px;overflow-wrap:anywhere}
.filters{display:flex;justify-content:space-between;flex-wrap:wrap;gap:8px;margin-bottom:12px}
.tabs,.views{display:flex;gap:4px}.tabs a,.views a{padding:6px 12px;border-radius:6px;color:var(--ink)}
.tabs a[aria-selected=true],.views a.active{background:var(--ink);color:#fff}
.count{margin-inline-start:6px;font-size:12px;opacity:.8}
.conversations{list-style:none;margin:0;padding:0;background:var(--card);border:1px solid var(--line);border-radius:10px;overflow:hidden}
.conversation a{display:grid;grid-template-columns:200px 1fr auto;
grid-template-areas:"who subject meta" "who preview meta";gap:2px 16px;padding:10px 16px;
border-bottom:1px solid var(--line);color:var(--ink)}
.conversation:last-child a{border-bottom:0}.conversation a:hover{background:#f9fafb;text-decoration:none}
.who{grid-area:who;font-weight:600;overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.subject{grid-area:subject;font-weight:500}
.preview{grid-area:preview;color:var(--muted);overflow:hidden;text-overflow:ellipsis;white-space:nowrap}
.meta{grid-area:meta;display:flex;flex-direction:column;align-items:flex-end;gap:2px;font-size:13px;color:var(--muted)}
.sla{font-size:12px;font-weight:600;padding:1px 6px;border-radius:10px}.sla.late{color:#fff;background:var(--late)}
.sla.soon{color:var(--soon)}.sla.ok{color:var(--ok)}
.flag{color:var(--late);font-weight:600}.empty{padding:24px;text-align:center;color:var(--muted)}
.more{display:inline-block;margin-top:12px}
.thread-layout{display:grid;grid-template-columns:1fr 300px;gap:16px}
.thread-head{display:flex;flex-wrap:wrap;align-items:center;gap:12px}.thread-head h1{font-size:20px;margin:0;flex:1}
.status{font-size:12px;text-transform:uppercase;letter-spacing:.04em;padding:2px 8px;border-radius:10px;background:var(--auto)}
.actions{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:12px 0;padding:8px;background:var(--card);
border:1px solid var(--line);border-radius:10px}
.actions form{display:flex;flex-wrap:wrap;gap:6px;align-items:center;margin:0}
/* Chinese breaks between any two characters: a button's label stays on one line ("推迟", not "推/迟"). */
.actions button,.composer button,.composer-extras .muted{white-space:nowrap}
.messages{display:flex;flex-direction:column;gap:12px;margin:16px 0}
.message{max-width:78%;padding:10px 14px;border-radius:12px;border:1px solid var(--line);background:var(--customer)}
.message.customer{align-self:flex-start;border-start-start-radius:2px}
.message.agent{align-self:flex-end;background:var(--agent);border-start-end-radius:2px}
.message.note{align-self:flex-end;background:var(--note);border-style:dashed}
.message.automated{background:var(--auto);border-style:dotted}
.message.new{box-shadow:0 0 0 3px #fdb022}
.message header{display:flex;flex-wrap:wrap;gap:8px;align-items:baseline;font-size:13px;color:var(--muted);margin-bottom:4px}
.message .author{font-weight:600;color:var(--ink)}
.badge{font-size:11px;padding:1px 6px;border-radius:8px;background:#eaecf0;color:#344054}.badge.note{background:#fde68a}
.badge.flag{background:#fee4e2;color:var(--late)}
.delivery{font-size:12px}.delivery.failed,.delivery.bounced{color:var(--late);font-weight:600}.delivery.queued{color:var(--soon)}
.body,.signature,.quoted div{white-space:pre-wrap;overflow-wrap:anywhere}.signature{color:var(--muted);font-size:13px;margin-top:6px}
details{margin-top:6px;font-size:13px}details summary{cursor:pointer;color:var(--muted)}
.original iframe{width:100%;height:360px;border:1px solid var(--line);border-radius:6px;background:#fff;resize:vertical}
.attachments{margin:6px 0 0;padding-inline-start:18px;font-size:13px}
.bidi-control{color:var(--late);background:#fee4e2;border-radius:3px;padding:0 2px;font-size:11px;font-family:ui-monospace,monospace}
.composer,.note-form{display:flex;flex-direction:column;gap:8px;background:var(--card);border:1px solid var(--line);
border-radius:10px;padding:12px;margin-top:12px}
.note-form{background:var(--note)}.note-form button{align-self:flex-end}
.follow-ups{list-style:none;margin:12px 0 0;padding:0;font-size:13px}
.follow-up{padding:6px 10px;border:1px dashed var(--line);border-radius:8px;margin-top:4px}
.follow-up.scheduled{background:var(--card)}.follow-up.stopped,.follow-up.failed{color:var(--muted)}
.row{display:flex;gap:12px;align-items:center;justify-content:flex-end;flex-wrap:wrap}
.contact-panel{background:var(--card);border:1px solid var(--line);border-radius:10px;padding:16px;align-self:start;
position:sticky;top:16px}
.contact-panel h2{margin:0 0 8px;font-size:17px}.contact-panel h3{font-size:14px;margin:16px 0 6px}
.contact-panel dl{display:grid;grid-template-columns:auto 1fr;gap:4px 10px;margin:0;font-size:14px}
.contact-panel dt{color:var(--muted)}.contact-panel dd{margin:0;overflow-wrap:anywhere}
.consent.subscribed{color:var(--ok)}.consent.unsubscribed{color:var(--late)}
.other{padding-inline-start:18px;font-size:14px}
.search-results mark{background:#fef08a}
.agents table{width:100%;border-collapse:collapse;margin-bottom:16px}
.agents th,.agents td{text-align:start;padding:6px;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
.admin .tabs{margin:8px 0 12px}.admin .tabs a[aria-current=page]{background:var(--ink);color:#fff}
.admin table{width:100%;border-collapse:collapse;margin-bottom:16px}
.admin th,.admin td{text-align:start;padding:6px;border-bottom:1px solid var(--line);overflow-wrap:anywhere}
.invite-form input{flex:1 1 160px;min-width:0}
.presence{margin:0;min-height:1.2em;font-size:13px;color:var(--muted);grid-column:1/-1}
.snooze-until input{width:auto}.form-alert{margin:0}
.conversation a:focus-visible{outline:3px solid var(--accent);outline-offset:-3px;background:#f0f5ff}
#shortcuts{border:1px solid var(--line);border-radius:10px;padding:20px;max-width:420px}
#shortcuts dl{display:grid;grid-template-columns:auto 1fr;gap:6px 16px}#shortcuts dd{margin:0}
kbd{font:12px ui-monospace,monospace;padding:1px 6px;border:1px solid var(--line);border-bottom-width:2px;border-radius:4px;
background:#f9fafb}
.banner{position:fixed;bottom:16px;left:50%;transform:translateX(-50%);background:#101828;color:#fff;padding:10px 16px;border-radius:8px}
.banner button{margin-inline-start:10px}
.faq-decision{align-self:stretch;font-size:13px;border-inline-start:3px solid var(--accent);padding:4px 10px;background:var(--card)}
.faq-decision.error{border-inline-start-color:var(--late)}.faq-decision p{margin:0 0 4px}
.faq-suggestions{margin:4px 0;padding-inline-start:18px}
.faq-preview{white-space:pre-wrap;color:var(--muted);max-height:4.5em;overflow:hidden}.faq-teach{display:flex;gap:8px;flex-wrap:wrap}
.faq-teach form{margin:0}.faq-answered{margin:4px 0;color:var(--ok)}
.faq-rendered .preview{white-space:pre-wrap;overflow:visible;overflow-wrap:anywhere}fieldset{min-width:0}
.table-scroll{overflow-x:auto;max-width:100%;position:relative}.table-scroll table{width:100%;border-collapse:collapse}
.table-scroll th,.table-scroll td{text-align:start;padding:6px;border-bottom:1px solid var(--line)}
.sr-only{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
.settings-form{display:flex;flex-direction:column;gap:6px;max-width:560px}.settings-form label{font-weight:600;margin-top:10px}
.settings-form .help,.field-error{margin:0;font-size:13px}.settings-form button{align-self:flex-start}
.settings-form button.primary{margin-top:12px}.error-card h1{font-size:22px}
@media (max-width:800px){.thread-layout{grid-template-columns:1fr}
.conversation a{grid-template-columns:1fr;grid-template-areas:"who" "subject" "preview" "meta"}.message{max-width:100%}}
@media (max-width:600px){main{padding:8px}.card{padding:12px}
.agent-table thead{display:none}.agent-table,.agent-table tbody,.agent-table tr,.agent-table td{display:block}
.agent-table tr{padding:8px 0;border-bottom:1px solid var(--line)}.agent-table td{border:0;padding:2px 0}
.agent-table td[data-label]::before{content:attr(data-label) ": ";color:var(--muted)}}
.api-docs main{max-width:980px}.api-docs header.card h1{margin:0 0 8px}.api-toc{display:flex;flex-wrap:wrap;gap:12px}
.api-docs h2{margin:24px 0 8px}.api-operation{margin:12px 0}
.api-operation h3{display:flex;flex-wrap:wrap;gap:8px;align-items:center;margin:0;font-size:16px}
.api-method{font:600 12px ui-monospace,monospace;padding:2px 8px;border-radius:6px;color:#fff;background:var(--muted)}
.api-method.get{background:var(--ok)}.api-method.post{background:var(--accent)}
.api-method.patch{background:var(--soon)}.api-method.delete{background:var(--late)}
.api-fields{width:100%;border-collapse:collapse;margin:8px 0;font-size:13px}
.api-fields caption{text-align:start;font-weight:600;padding:4px 0}
.api-fields th,.api-fields td{border-top:1px solid var(--line);padding:4px 8px;text-align:start;vertical-align:top;overflow-wrap:anywhere}
.api-responses{padding-inline-start:18px;font-size:14px}
.api-example{background:var(--auto);padding:8px;border-radius:6px;overflow:auto;font-size:12px}
`;

export const INBOX_JS = `
(function () {
  'use strict';
  var csrfMeta = document.querySelector('meta[name=csrf-token]');
  // The page's language comes from /static/inbox-text/{locale}.js: say('thread.show'), say('x', { name: 'Ana' }).
  var TEXT = window.samtalText || {};
  function say(key, vars) {
    var text = TEXT[key] || key;
    return vars ? text.replace(/\\{(\\w+)\\}/g, function (whole, name) { return name in vars ? vars[name] : whole; }) : text;
  }

  // Original HTML loads only when an agent opens it.
  document.addEventListener('toggle', function (e) {
    var d = e.target;
    if (!(d instanceof HTMLDetailsElement) || !d.open) return;
    var frame = d.querySelector('iframe[data-src]');
    if (frame && !frame.getAttribute('src')) frame.setAttribute('src', frame.getAttribute('data-src'));
  }, true);

  // Ctrl/Cmd+Enter sends the reply.
  document.addEventListener('keydown', function (e) {
    if ((e.ctrlKey || e.metaKey) && e.key === 'Enter' && e.target instanceof HTMLTextAreaElement && e.target.form) {
      e.preventDefault();
      e.target.form.requestSubmit();
    }
  });

  // Keyboard shortcuts: j/k move through the list, Enter opens; in a thread r reply, n note,
  // a assign to me, e close, s snooze; / search; ? this help. Elements carry aria-keyshortcuts.
  var HELP = [['j / k', 'common.shortcutMove'], ['Enter', 'common.shortcutOpen'], ['r', 'common.shortcutReply'],
    ['n', 'common.shortcutNote'], ['a', 'common.shortcutAssign'], ['e', 'common.shortcutClose'], ['s', 'common.shortcutSnooze'],
    ['/', 'common.shortcutSearch'], ['Ctrl+Enter', 'common.shortcutSend'], ['Esc', 'common.shortcutLeave'], ['?', 'common.shortcutHelp']];
  function help() {
    var dialog = document.getElementById('shortcuts');
    if (!dialog) {
      dialog = document.createElement('dialog');
      dialog.id = 'shortcuts';
      dialog.setAttribute('aria-labelledby', 'shortcuts-title');
      var title = document.createElement('h2');
      title.id = 'shortcuts-title';
      title.textContent = say('common.shortcutsTitle');
      var list = document.createElement('dl');
      HELP.forEach(function (row) {
        var dt = document.createElement('dt');
        var kbd = document.createElement('kbd');
        kbd.textContent = row[0];
        dt.appendChild(kbd);
        var dd = document.createElement('dd');
        dd.textContent = say(row[1]);
        list.appendChild(dt);
        list.appendChild(dd);
      });
      var close = document.createElement('button');
      close.textContent = say('common.close');
      close.addEventListener('click', function () { dialog.close(); });
      dialog.appendChild(title);
      dialog.appendChild(list);
      dialog.appendChild(close);
      document.body.appendChild(dialog);
    }
    if (dialog.open) dialog.close();
    else dialog.showModal();
  }
  function moveInList(step) {
    var links = Array.prototype.slice.call(document.querySelectorAll('#list .conversation > a'));
    if (!links.length) return;
    var at = links.indexOf(document.activeElement);
    var next = at === -1 ? (step > 0 ? 0 : links.length - 1) : Math.min(links.length - 1, Math.max(0, at + step));
    links[next].focus();
    links[next].scrollIntoView({ block: 'nearest' });
  }
  document.addEventListener('keydown', function (e) {
    var t = e.target;
    if (e.key === 'Escape' && (t instanceof HTMLTextAreaElement || t instanceof HTMLInputElement)) { t.blur(); return; }
    if (e.ctrlKey || e.metaKey || e.altKey || e.defaultPrevented) return;
    if (t instanceof HTMLInputElement || t instanceof HTMLTextAreaElement || t instanceof HTMLSelectElement) return;
    if (t instanceof HTMLElement && t.isContentEditable) return;
    if (document.querySelector('dialog[open]') && e.key !== '?') return;
    if (e.key === '?') { e.preventDefault(); help(); return; }
    if (e.key === 'j' || e.key === 'k') { e.preventDefault(); moveInList(e.key === 'j' ? 1 : -1); return; }
    var target = document.querySelector('[aria-keyshortcuts="' + e.key + '"]');
    if (!target) return;
    e.preventDefault();
    if (target instanceof HTMLButtonElement) target.click();
    else target.focus();
  });

  // Times in the agent's own time zone: the one they chose (data-time-zone, also the server's), else the browser's
  // (the server wrote UTC then); in the page's language (the inbox's English writes dates the en-GB way).
  var chosenZone = document.body.getAttribute('data-time-zone');
  var zone = chosenZone || Intl.DateTimeFormat().resolvedOptions().timeZone;
  var lang = document.documentElement.lang === 'en' ? 'en-GB' : document.documentElement.lang || undefined;
  var fullTime;
  try {
    fullTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short', timeZone: zone });
  } catch (err) {
    zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    fullTime = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  }
  function localizeTimes(scope) {
    var times = scope.querySelectorAll('time[datetime]');
    for (var i = 0; i < times.length; i++) {
      var at = new Date(times[i].getAttribute('datetime'));
      if (isNaN(at.getTime())) continue;
      times[i].title = fullTime.format(at) + ' (' + zone + ')';
      if (times[i].hasAttribute('data-absolute')) times[i].textContent = fullTime.format(at);
    }
  }
  localizeTimes(document);
  var zoneInputs = chosenZone ? [] : document.querySelectorAll('input[name=tz]');
  for (var z = 0; z < zoneInputs.length; z++) {
    zoneInputs[z].value = zone;
    var label = zoneInputs[z].form && zoneInputs[z].form.querySelector('.tz-name');
    if (label) label.textContent = zone;
  }

  // Drafts live in this browser per conversation until they are sent: a reload, another page,
  // a new session or a refused form loses nothing.
  var SENT = 'samtal:sent';
  function store(area) { return 'samtal:draft:' + area.getAttribute('data-draft'); }
  function saveDraft(area) {
    try {
      if (area.value.trim()) localStorage.setItem(store(area), area.value);
      else localStorage.removeItem(store(area));
    } catch (err) {}
  }
  var sent = null;
  try { sent = sessionStorage.getItem(SENT); sessionStorage.removeItem(SENT); } catch (err) {}
  // A draft is done once the thread shows it as sent (a refused or failed send shows no such message).
  function inThread(text) {
    var wanted = text.replace(/\\r\\n/g, '\\n').trim();
    var bodies = document.querySelectorAll('.message.agent .body, .message.note .body');
    for (var i = 0; i < bodies.length; i++) if (bodies[i].textContent.trim() === wanted) return true;
    return false;
  }
  var drafts = document.querySelectorAll('textarea[data-draft]');
  for (var d = 0; d < drafts.length; d++) {
    var area = drafts[d];
    try {
      var pending = localStorage.getItem(store(area));
      if (sent === area.getAttribute('data-draft') && pending && inThread(pending)) localStorage.removeItem(store(area));
      var saved = localStorage.getItem(store(area));
      if (saved && !area.value) area.value = saved;
    } catch (err) {}
    area.addEventListener('input', function (e) { saveDraft(e.target); });
  }

  function formAlert(form, text, link) {
    var p = form.querySelector('.form-alert');
    if (!p) {
      p = document.createElement('p');
      p.className = 'form-alert error';
      p.setAttribute('role', 'alert');
      form.insertBefore(p, form.firstChild);
    }
    p.textContent = text;
    if (link) {
      var a = document.createElement('a');
      a.href = link;
      a.target = '_blank';
      a.rel = 'noopener';
      a.textContent = say('common.signInNewTab');
      p.appendChild(document.createTextNode(' '));
      p.appendChild(a);
    }
  }

  // The CSRF token is the session's: after signing in again elsewhere the page's one is stale.
  // Before a form goes, fetch the current one; if the session is gone, say so and keep the text.
  function freshCsrf() {
    return fetch('/inbox/session', { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(function (r) {
      if (r.status === 401) return null;
      if (!r.ok) throw new Error('session check failed');
      return r.json().then(function (data) {
        csrfMeta.setAttribute('content', data.csrf);
        var inputs = document.querySelectorAll('input[name=_csrf]');
        for (var i = 0; i < inputs.length; i++) inputs[i].value = data.csrf;
        return data.csrf;
      });
    });
  }
  document.addEventListener('submit', function (e) {
    var form = e.target;
    if (!csrfMeta || !(form instanceof HTMLFormElement) || !form.querySelector('input[name=_csrf]')) return;
    if (form.getAttribute('action') === '/logout') return;
    var draft = form.querySelector('textarea[data-draft]');
    if (form.getAttribute('data-fresh') === '1') {
      form.removeAttribute('data-fresh');
      if (draft) {
        saveDraft(draft);
        try { sessionStorage.setItem(SENT, draft.getAttribute('data-draft')); } catch (err) {}
      }
      return;
    }
    e.preventDefault();
    var submitter = e.submitter;
    freshCsrf().then(function (token) {
      if (token === null) {
        formAlert(form, say('common.signedOut'), '/login');
        return;
      }
      form.setAttribute('data-fresh', '1');
      form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
    }, function () {
      form.setAttribute('data-fresh', '1');
      form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
    });
  }, true);

  // Who else has this conversation open, and who is typing: reported and read every few seconds.
  var presence = document.querySelector('[data-presence]');
  var lastInput = 0;
  document.addEventListener('input', function (e) {
    if (e.target instanceof HTMLTextAreaElement && e.target.hasAttribute('data-draft')) lastInput = Date.now();
  });
  function reportPresence() {
    if (!presence || document.hidden) return;
    var typing = Date.now() - lastInput < 10000;
    fetch(presence.getAttribute('data-presence'), {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'x-csrf-token': csrfMeta.getAttribute('content'), accept: 'application/json' },
      body: new URLSearchParams({ state: typing ? 'typing' : 'viewing' }),
    })
      .then(function (r) {
        if (r.status === 403) freshCsrf().catch(function () {});
        return r.ok ? r.json() : null;
      })
      .then(function (data) {
        if (!data) return;
        presence.textContent = data.others.map(function (o) {
          return say(o.state === 'typing' ? 'thread.presenceTyping' : 'thread.presenceViewing', { name: o.name });
        }).join(' · ');
      })
      .catch(function () {});
  }
  if (presence) {
    reportPresence();
    setInterval(reportPresence, 5000);
  }

  // New mail shows up without a reload: poll, then refresh the list (and its counts) in place,
  // or the thread when nothing is being typed (else offer a reload, so no draft is lost).
  var root = document.querySelector('[data-poll]');
  if (!root) return;
  var url = root.getAttribute('data-poll');
  var busy = false;
  function typing() {
    var areas = document.querySelectorAll('textarea');
    for (var i = 0; i < areas.length; i++) if (areas[i].value.trim()) return true;
    return false;
  }
  function banner() {
    if (document.querySelector('.banner')) return;
    var b = document.createElement('div');
    b.className = 'banner';
    b.setAttribute('role', 'status');
    b.textContent = say('thread.newActivity');
    var r = document.createElement('button');
    r.textContent = say('thread.show');
    r.addEventListener('click', function () { location.reload(); });
    b.appendChild(r);
    document.body.appendChild(b);
  }
  function tick() {
    if (busy || document.hidden) return;
    busy = true;
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (data) {
        if (!data || data.version === root.getAttribute('data-version')) return;
        var list = document.getElementById('list');
        if (list) {
          return fetch(list.getAttribute('data-fragment'), { credentials: 'same-origin' })
            .then(function (r) { return r.text(); })
            .then(function (html) {
              var focused = document.activeElement && document.activeElement.closest && document.activeElement.closest('.conversation');
              var focusedId = focused && list.contains(focused) ? focused.getAttribute('data-id') : null;
              list.innerHTML = html;
              var again = focusedId && list.querySelector('.conversation[data-id="' + focusedId + '"] > a');
              if (again) again.focus();
              localizeTimes(list);
              root.setAttribute('data-version', data.version);
            });
        }
        if (typing()) banner();
        else location.reload();
      })
      .catch(function () {})
      .then(function () { busy = false; });
  }
  setInterval(tick, Number(root.getAttribute('data-interval')) || 5000);
})();
`;

/** The tab icon: a speech bubble in the inbox's accent colour. */
export const FAVICON_SVG =
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#2457d6"/>' +
  '<path d="M8 9h16a2 2 0 0 1 2 2v9a2 2 0 0 1-2 2h-9l-5 4v-4H8a2 2 0 0 1-2-2v-9a2 2 0 0 1 2-2z" fill="#fff"/></svg>';

/** The public pages a contact may see (unsubscribe, preferences): readable, nothing else. */
export const PUBLIC_CSS = `body{font-family:system-ui,sans-serif;max-width:34rem;margin:3rem auto;padding:0 1rem;
line-height:1.5;color:#1d2433}
button{font:inherit;font-size:1rem;padding:.6rem 1.2rem;border-radius:6px;border:1px solid #2457d6;background:#2457d6;
color:#fff;cursor:pointer}`;
