// The script and styles of the team features (bulk selection, the saved-reply picker, the unread
// count in the tab title, file size checks, desktop notifications), served from /static under the
// strict CSP. Texts come from data attributes the server rendered in the agent's language.
export const INBOX_TEAM_CSS = `
.conversation{display:flex;align-items:stretch}.conversation>a{flex:1;min-width:0}
.row-select{margin:0 0 0 12px;align-self:center;width:18px;height:18px}
.conversation.unread .who,.conversation.unread .subject{font-weight:800}
.conversation.unread{box-shadow:inset 4px 0 0 var(--accent)}
.conversation.selected>a{background:#f0f5ff}
.tags{display:inline-flex;flex-wrap:wrap;gap:4px;list-style:none;margin:0;padding:0}
.tag{font-size:12px;padding:1px 8px;border-radius:10px;background:#e8f0ff;color:#1d3f8f}
.thread-tags{display:flex;flex-wrap:wrap;gap:8px;align-items:center;width:100%}
.thread-tags li.tag{display:inline-flex;gap:4px;align-items:center}.thread-tags .remove-tag{color:#1d3f8f;text-decoration:none}
.add-tag,.tag-filter{display:flex;gap:6px;align-items:center;margin:0}
.list-tools{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;justify-content:space-between;margin-bottom:8px}
.bulk-bar{display:flex;flex-wrap:wrap;gap:6px 10px;align-items:center;margin:0 0 8px;padding:8px;background:var(--card);
border:1px solid var(--line);border-radius:10px}
.bulk-group{display:inline-flex;gap:4px;align-items:center}.bulk-result{margin:0;width:100%}
.composer-extras{display:flex;flex-wrap:wrap;gap:8px 16px;align-items:center;font-size:14px}
.composer-extras input[type=file]{max-width:100%}
#saved-replies{border:1px solid var(--line);border-radius:10px;padding:16px;width:min(560px,94vw)}
#saved-replies input{width:100%}
#saved-replies ul{list-style:none;margin:8px 0;padding:0;max-height:50vh;overflow:auto}
#saved-replies li{padding:8px;border-radius:6px;cursor:pointer}
#saved-replies li[aria-selected=true]{background:#e8f0ff;outline:2px solid var(--accent)}
#saved-replies .preview-text{display:block;color:var(--muted);font-size:13px;white-space:pre-wrap;max-height:3em;overflow:hidden}
.saved-replies{list-style:none;padding:0}.saved-replies li{padding:10px 0;border-bottom:1px solid var(--line)}
.saved-reply-text{white-space:pre-wrap;margin:6px 0}
@media (max-width:600px){.bulk-bar{font-size:14px}.row-select{margin-left:8px}}
`;

export const INBOX_TEAM_JS = `
(function () {
  'use strict';
  var lang = document.documentElement.lang || 'en';
  var plural = new Intl.PluralRules(lang);

  // The tab title carries the unread count of the list ("(3) Inbox · Samtal"), kept true by the list refresh.
  function updateTitle() {
    var marker = document.querySelector('[data-unread-count]');
    if (!marker) return;
    var n = Number(marker.getAttribute('data-unread-count')) || 0;
    var base = document.title.replace(/^\\(\\d+\\+?\\) /, '');
    document.title = n > 0 ? '(' + (n > 999 ? '999+' : n) + ') ' + base : base;
  }

  // Bulk selection: checkboxes (shift-click for a range), "select all on this page", x on a row.
  var bulk = document.getElementById('bulk-form');
  var list = document.getElementById('list');
  var selected = {};
  var lastClicked = null;
  function boxes() { return Array.prototype.slice.call(document.querySelectorAll('#list .row-select')); }
  function showSelection() {
    var all = boxes();
    var count = 0;
    all.forEach(function (b) {
      b.checked = !!selected[b.value];
      var row = b.closest('.conversation');
      if (row) row.classList.toggle('selected', b.checked);
      if (b.checked) count++;
    });
    if (!bulk) return;
    var pageBox = bulk.querySelector('.select-page-box');
    if (pageBox) {
      pageBox.checked = all.length > 0 && count === all.length;
      pageBox.indeterminate = count > 0 && count < all.length;
    }
    var label = bulk.querySelector('.bulk-count');
    if (label) label.textContent = count ? (bulk.getAttribute('data-selected-' + plural.select(count)) ||
      bulk.getAttribute('data-selected-other') || '').replace('{count}', count) : '';
  }
  function setBox(box, on) { if (on) selected[box.value] = true; else delete selected[box.value]; }
  document.addEventListener('click', function (e) {
    var box = e.target;
    if (!(box instanceof HTMLInputElement) || !box.classList.contains('row-select')) return;
    var all = boxes();
    if (e.shiftKey && lastClicked && all.indexOf(lastClicked) !== -1) {
      var a = all.indexOf(lastClicked), b = all.indexOf(box);
      for (var i = Math.min(a, b); i <= Math.max(a, b); i++) setBox(all[i], box.checked);
    } else setBox(box, box.checked);
    lastClicked = box;
    showSelection();
  });
  if (bulk) {
    var pageBox = bulk.querySelector('.select-page-box');
    if (pageBox) pageBox.addEventListener('change', function () {
      boxes().forEach(function (b) { setBox(b, pageBox.checked); });
      showSelection();
    });
  }
  document.addEventListener('keydown', function (e) {
    if (e.key !== 'x' && e.key !== 'X') return;
    if (e.ctrlKey || e.metaKey || e.altKey || document.querySelector('dialog[open]')) return;
    var row = e.target instanceof Element && e.target.closest('#list .conversation');
    if (!row) return;
    var box = row.querySelector('.row-select');
    if (!box) return;
    e.preventDefault();
    if (e.shiftKey && lastClicked) {
      var all = boxes(), a = all.indexOf(lastClicked), b = all.indexOf(box);
      for (var i = Math.min(a, b); i <= Math.max(a, b); i++) setBox(all[i], true);
    } else setBox(box, !selected[box.value]);
    lastClicked = box;
    showSelection();
  });
  // Runs before the page's CSRF refresh (capture on window): an empty selection goes nowhere.
  window.addEventListener('submit', function (e) {
    if (e.target !== bulk) return;
    var any = boxes().some(function (b) { return b.checked; });
    if (any) return;
    e.preventDefault();
    e.stopImmediatePropagation();
    var p = bulk.querySelector('.bulk-result');
    if (!p) {
      p = document.createElement('p');
      p.className = 'bulk-result error';
      p.setAttribute('role', 'alert');
      bulk.appendChild(p);
    }
    p.textContent = bulk.getAttribute('data-none-selected');
  }, true);
  if (list) {
    new MutationObserver(function () {
      var present = {};
      boxes().forEach(function (b) { present[b.value] = true; });
      Object.keys(selected).forEach(function (id) { if (!present[id]) delete selected[id]; });
      if (lastClicked && !document.contains(lastClicked)) lastClicked = null;
      showSelection();
      updateTitle();
    }).observe(list, { childList: true, subtree: true });
  }
  updateTitle();
  showSelection();

  // Files: too many or too large together is said before anything is sent.
  document.addEventListener('change', function (e) {
    var input = e.target;
    if (!(input instanceof HTMLInputElement) || input.type !== 'file' || !input.hasAttribute('data-max-bytes')) return;
    var total = 0;
    for (var i = 0; i < input.files.length; i++) total += input.files[i].size;
    var message = '';
    if (input.files.length > Number(input.getAttribute('data-max-files'))) message = input.getAttribute('data-too-many');
    else if (total > Number(input.getAttribute('data-max-bytes'))) message = input.getAttribute('data-too-large');
    input.setCustomValidity(message);
    if (message) input.reportValidity();
  });

  // The saved-reply picker: Ctrl+Space (or # in an empty reply) in the composer, or its link; type to
  // search words or #tag, arrows to choose, Enter inserts the reply rendered for this contact.
  var opener = document.querySelector('[data-saved-replies]');
  var reply = document.getElementById('reply-text');
  var dialog = null, search, options, hint, timer = 0, results = [], active = -1, requestNo = 0;
  function buildPicker() {
    dialog = document.createElement('dialog');
    dialog.id = 'saved-replies';
    dialog.setAttribute('aria-labelledby', 'saved-replies-title');
    var title = document.createElement('h2');
    title.id = 'saved-replies-title';
    title.textContent = opener.textContent;
    search = document.createElement('input');
    search.type = 'search';
    search.setAttribute('role', 'combobox');
    search.setAttribute('aria-expanded', 'true');
    search.setAttribute('aria-controls', 'saved-replies-options');
    search.setAttribute('aria-autocomplete', 'list');
    search.setAttribute('aria-label', opener.getAttribute('data-search-label') || opener.textContent);
    search.placeholder = opener.getAttribute('data-placeholder') || '';
    search.dir = 'auto';
    options = document.createElement('ul');
    options.id = 'saved-replies-options';
    options.setAttribute('role', 'listbox');
    options.setAttribute('aria-label', opener.textContent);
    hint = document.createElement('p');
    hint.className = 'muted';
    hint.setAttribute('aria-live', 'polite');
    dialog.appendChild(title);
    dialog.appendChild(search);
    dialog.appendChild(options);
    dialog.appendChild(hint);
    document.body.appendChild(dialog);
    search.addEventListener('input', function () { clearTimeout(timer); timer = setTimeout(load, 150); });
    search.addEventListener('keydown', function (e) {
      if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
        e.preventDefault();
        if (results.length) choose((active + (e.key === 'ArrowDown' ? 1 : results.length - 1)) % results.length);
      } else if (e.key === 'Enter') {
        e.preventDefault();
        if (active >= 0) insert(results[active]);
      }
    });
    options.addEventListener('click', function (e) {
      var li = e.target instanceof Element && e.target.closest('li[data-index]');
      if (li) insert(results[Number(li.getAttribute('data-index'))]);
    });
    dialog.addEventListener('close', function () { if (reply) reply.focus(); });
  }
  function choose(i) {
    active = i;
    var items = options.querySelectorAll('li');
    for (var k = 0; k < items.length; k++) items[k].setAttribute('aria-selected', k === i ? 'true' : 'false');
    if (items[i]) { search.setAttribute('aria-activedescendant', items[i].id); items[i].scrollIntoView({ block: 'nearest' }); }
  }
  function load() {
    var mine = ++requestNo;
    var url = opener.getAttribute('data-saved-replies') + '?q=' + encodeURIComponent(search.value);
    fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : { data: [] }; })
      .then(function (body) {
        if (mine !== requestNo) return;
        results = body.data.filter(function (r) { return r.text !== null; });
        options.textContent = '';
        results.forEach(function (r, i) {
          var li = document.createElement('li');
          li.id = 'saved-reply-' + i;
          li.setAttribute('role', 'option');
          li.setAttribute('data-index', String(i));
          var strong = document.createElement('strong');
          strong.dir = 'auto';
          strong.textContent = r.title;
          li.appendChild(strong);
          r.tags.forEach(function (t) {
            var tag = document.createElement('bdi');
            tag.className = 'tag';
            tag.textContent = t;
            li.appendChild(document.createTextNode(' '));
            li.appendChild(tag);
          });
          var preview = document.createElement('span');
          preview.className = 'preview-text';
          preview.dir = 'auto';
          preview.textContent = r.text;
          li.appendChild(preview);
          options.appendChild(li);
        });
        hint.textContent = results.length ? opener.getAttribute('data-hint') : opener.getAttribute('data-none');
        active = -1;
        if (results.length) choose(0);
      })
      .catch(function () {});
  }
  function insert(r) {
    if (!r || !reply) return;
    var start = reply.selectionStart, end = reply.selectionEnd, value = reply.value;
    // A "#" that opened the picker is replaced by the reply.
    if (start === end && start > 0 && value.charAt(start - 1) === '#' && dialog.getAttribute('data-hash') === '1') start--;
    reply.value = value.slice(0, start) + r.text + value.slice(end);
    var caret = start + r.text.length;
    dialog.close();
    reply.focus();
    reply.setSelectionRange(caret, caret);
    reply.dispatchEvent(new Event('input', { bubbles: true }));
  }
  function openPicker(fromHash) {
    if (!opener) return;
    if (!dialog) buildPicker();
    dialog.setAttribute('data-hash', fromHash ? '1' : '0');
    search.value = '';
    dialog.showModal();
    search.focus();
    load();
  }
  if (opener) {
    opener.addEventListener('click', function (e) { e.preventDefault(); openPicker(false); });
  }
  if (reply && opener) {
    reply.addEventListener('keydown', function (e) {
      if (e.ctrlKey && (e.key === ' ' || e.code === 'Space')) { e.preventDefault(); openPicker(false); }
    });
    reply.addEventListener('input', function (e) {
      if (e.inputType === 'insertText' && e.data === '#' && reply.value.trim() === '#') openPicker(true);
    });
  }

  // Desktop notifications for new customer messages in my conversations, only after the agent asked.
  var FLAG = 'samtal:notify';
  var switcher = document.querySelector('.notifications-enable');
  var supported = 'Notification' in window;
  function wanted() { try { return localStorage.getItem(FLAG) === '1'; } catch (err) { return false; } }
  function showState() {
    if (!switcher || !supported) return;
    switcher.hidden = false;
    if (Notification.permission === 'denied') { switcher.textContent = switcher.getAttribute('data-denied'); switcher.disabled = true; }
    else if (Notification.permission === 'granted' && wanted()) {
      switcher.textContent = switcher.getAttribute('data-enabled');
      switcher.disabled = true;
    }
  }
  var seen = null;
  var newText = (switcher && switcher.getAttribute('data-new-message')) || '{subject}';
  try { newText = sessionStorage.getItem('samtal:notify-text') || newText; sessionStorage.setItem('samtal:notify-text', newText); }
  catch (err) {}
  function pollNotices() {
    if (!supported || Notification.permission !== 'granted' || !wanted()) return;
    fetch('/inbox/notifications', { credentials: 'same-origin', headers: { accept: 'application/json' } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) {
        if (!body) return;
        var known = seen;
        if (known === null) {
          try { known = JSON.parse(sessionStorage.getItem('samtal:notified') || 'null'); } catch (err) { known = null; }
        }
        var next = {};
        body.data.forEach(function (n) {
          next[n.conversation_id] = n.at;
          if (known && known[n.conversation_id] !== n.at) {
            var note = new Notification(newText.replace('{subject}', n.subject || '—'), { tag: n.conversation_id });
            note.onclick = function () { window.focus(); location.href = '/inbox/c/' + n.conversation_id; };
          }
        });
        seen = next;
        try { sessionStorage.setItem('samtal:notified', JSON.stringify(next)); } catch (err) {}
      })
      .catch(function () {});
  }
  if (switcher && supported) {
    switcher.addEventListener('click', function () {
      Notification.requestPermission().then(function (permission) {
        if (permission === 'granted') { try { localStorage.setItem(FLAG, '1'); } catch (err) {} pollNotices(); }
        showState();
      });
    });
  }
  showState();
  if (supported && document.querySelector('meta[name=csrf-token]')) {
    pollNotices();
    setInterval(pollNotices, 15000);
  }
})();
`;
