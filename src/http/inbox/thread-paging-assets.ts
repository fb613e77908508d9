// The thread's "show earlier" control: its script and style, served from /static under the strict CSP.
export const THREAD_PAGING_CSS = `
.thread-earlier{display:flex;align-items:center;justify-content:center;gap:12px;flex-wrap:wrap;margin:16px 0 0}
.thread-earlier .show-earlier{display:inline-block;padding:8px 14px;border:1px solid var(--line,#e4e7ec);border-radius:6px;
background:#fff;color:var(--accent,#2457d6);font-weight:600}
.thread-earlier .show-earlier:focus-visible{outline:3px solid var(--accent,#2457d6);outline-offset:2px}
.thread-earlier[aria-busy=true] .show-earlier{opacity:.6;pointer-events:none}
.thread-earlier .earlier-status{color:var(--muted,#5a6478)}
.thread-earlier .earlier-status.failed{color:var(--late,#b42318)}
.messages article.message:focus{outline:3px solid var(--accent,#2457d6);outline-offset:2px}
`;

export const THREAD_PAGING_JS = `
(function () {
  'use strict';
  var box = document.querySelector('.thread-earlier');
  var list = document.querySelector('.messages');
  if (!box || !list || !window.fetch || !window.DOMParser) return;
  var link = box.querySelector('.show-earlier');
  var status = box.querySelector('.earlier-status');
  var busy = false;
  function say(text, failed) {
    status.textContent = text;
    status.className = 'earlier-status' + (failed ? ' failed' : '');
  }
  link.addEventListener('click', function (event) {
    event.preventDefault();
    if (busy) return;
    busy = true;
    box.setAttribute('aria-busy', 'true');
    say(box.getAttribute('data-loading'), false);
    fetch(box.getAttribute('data-earlier'), { credentials: 'same-origin', headers: { accept: 'text/html' } })
      .then(function (response) {
        if (!response.ok) throw new Error('HTTP ' + response.status);
        return response.text();
      })
      .then(function (html) {
        var page = new DOMParser().parseFromString(html, 'text/html').querySelector('.earlier-page');
        if (!page) throw new Error('no page in the answer');
        // The earlier messages go in above the first one shown, where the reader's place stays put on screen.
        var anchor = list.firstElementChild;
        var top = anchor ? anchor.getBoundingClientRect().top : 0;
        var live = list.getAttribute('aria-live');
        list.removeAttribute('aria-live');
        var added = [];
        while (page.firstChild) {
          var node = document.importNode(page.firstChild, true);
          page.removeChild(page.firstChild);
          list.insertBefore(node, anchor);
          if (node.nodeType === 1 && node.classList.contains('message')) added.push(node);
        }
        if (anchor) window.scrollBy(0, anchor.getBoundingClientRect().top - top);
        if (live) setTimeout(function () { list.setAttribute('aria-live', live); }, 0);
        var next = page.getAttribute('data-next');
        var newest = added[added.length - 1];
        if (newest) {
          newest.setAttribute('tabindex', '-1');
          newest.focus({ preventScroll: true });
        }
        if (next) {
          box.setAttribute('data-earlier', next);
          link.setAttribute('href', page.getAttribute('data-show-next'));
          say(page.getAttribute('data-status'), false);
        } else {
          // The conversation starts here: nothing more to load.
          link.remove();
          say(page.getAttribute('data-status'), false);
        }
      })
      .catch(function () {
        say(box.getAttribute('data-failed'), true);
      })
      .then(function () {
        busy = false;
        box.removeAttribute('aria-busy');
      });
  });
})();
`;
