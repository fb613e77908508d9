// The broadcast page's script, served as /static/broadcasts.js (the inbox's CSP allows no inline code):
// reads the page's progress stream (NDJSON, one JSON object a line) and fills in the bar and the counts;
// when a stream ends before the broadcast is done (streams are bounded in time) it connects again.
// Every word it shows comes from the page (data attributes, from the message catalog in the agent's language).
export const BROADCASTS_JS = `
(function () {
  'use strict';
  var box = document.querySelector('.broadcast-progress[data-progress-url]');
  if (!box) return;
  var url = box.getAttribute('data-progress-url');
  var bar = box.querySelector('progress');
  var text = box.querySelector('.progress-text');
  var templates = { one: box.getAttribute('data-text-of-one'), other: box.getAttribute('data-text-of-other') || '{handled} / {total}' };
  var plural = new Intl.PluralRules(document.documentElement.lang || 'en');
  function labels(name) {
    try { return JSON.parse(box.getAttribute(name) || '{}'); } catch (e) { return {}; }
  }
  var statusLabels = labels('data-status-labels');
  var reasonLabels = labels('data-reason-labels');

  function reasons(name, counts) {
    var list = box.querySelector('[data-reasons=' + name + ']');
    if (!list) return;
    list.textContent = '';
    Object.keys(counts).sort().forEach(function (reason) {
      var li = document.createElement('li');
      if (reasonLabels[reason]) {
        li.appendChild(document.createTextNode(reasonLabels[reason]));
      } else {
        var code = document.createElement('code');
        code.textContent = reason;
        li.appendChild(code);
      }
      li.appendChild(document.createTextNode(': ' + counts[reason].toLocaleString(document.documentElement.lang || 'en')));
      li.setAttribute('data-reason', reason);
      list.appendChild(li);
    });
  }

  function show(p) {
    var skipped = Object.keys(p.skipped).reduce(function (n, k) { return n + p.skipped[k]; }, 0);
    var handled = p.sent + p.failed + p.cancelled + skipped;
    bar.max = Math.max(p.total, 1);
    bar.value = p.done ? bar.max : handled;
    var template = templates[plural.select(p.total)] || templates.other;
    text.textContent = template.replace('{handled}', String(handled)).replace('{total}', String(p.total));
    ['waiting', 'queued', 'sent', 'failed', 'cancelled'].forEach(function (key) {
      var dd = box.querySelector('[data-count=' + key + ']');
      if (dd) dd.textContent = String(p[key]);
    });
    reasons('skipped', p.skipped);
    reasons('held', p.held);
    box.setAttribute('data-status', p.status);
    box.setAttribute('data-done', p.done ? 'true' : 'false');
    // Done: nothing is left to pause or cancel. Removed, not hidden: the .actions rule (display:flex) beats [hidden].
    var actions = document.querySelector('.broadcast-actions');
    if (actions && p.done) actions.remove();
    var badge = document.querySelector('[data-broadcast-status]');
    if (badge && badge.getAttribute('data-broadcast-status') !== p.status) {
      badge.setAttribute('data-broadcast-status', p.status);
      badge.textContent = statusLabels[p.status] || p.status;
    }
  }

  function connect() {
    var last = null;
    fetch(url, { headers: { accept: 'application/x-ndjson' }, credentials: 'same-origin' }).then(function (res) {
      if (!res.ok || !res.body) throw new Error('progress ' + res.status);
      var reader = res.body.getReader();
      var decoder = new TextDecoder();
      var buffered = '';
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) {
            if (!last || !last.done) setTimeout(connect, 1000);
            return;
          }
          buffered += decoder.decode(chunk.value, { stream: true });
          var at;
          while ((at = buffered.indexOf('\\n')) >= 0) {
            var line = buffered.slice(0, at);
            buffered = buffered.slice(at + 1);
            if (line) {
              last = JSON.parse(line);
              show(last);
            }
          }
          return pump();
        });
      }
      return pump();
    }).catch(function () { setTimeout(connect, 5000); });
  }
  connect();
})();
`;
