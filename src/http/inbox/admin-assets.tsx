// The admin pages' own stylesheet and script (/static/admin.css, /static/admin.js), served under the strict
// CSP like /static/inbox.js: the CSV import's progress bar and its per-row report.
import { Hono } from 'hono';

export const ADMIN_CSS = `
.contact-filters{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end;margin:12px 0}
.contact-filters label,.contact-form label,.template-preview-form label,.reply-form label{display:flex;flex-direction:column;gap:4px}
.table-wrap{overflow-x:auto}
.contact-table,.outbox-table,.template-table,.import-errors{width:100%;border-collapse:collapse}
.contact-table th,.contact-table td,.outbox-table th,.outbox-table td,.template-table th,.template-table td,
.import-errors th,.import-errors td{text-align:start;padding:6px 8px;border-bottom:1px solid var(--line);vertical-align:top;
overflow-wrap:anywhere}
.contact-import{margin-top:16px}.contact-import form{display:flex;flex-wrap:wrap;gap:12px;align-items:flex-end}
#import-progress{width:100%;height:18px;margin-top:12px}
.contact-layout,.template-layout{display:grid;grid-template-columns:1fr 340px;gap:16px}
.contact-form{display:flex;flex-direction:column;gap:10px;max-width:640px}
.attribute-editor{border:1px solid var(--line);border-radius:8px;display:flex;flex-direction:column;gap:6px}
.attribute-row{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,2fr);gap:6px}
.attribute-row .field-problem{grid-column:1 / -1}
.field-problem{font-size:13px}.problems ul{margin:4px 0;padding-inline-start:20px}
.topic-list,.consent-log,.activity,.contact-conversations{list-style:none;padding:0;margin:0;display:flex;flex-direction:column;gap:6px}
.topic-state.subscribed{color:var(--ok)}.topic-state.unsubscribed{color:var(--muted)}
.activity li{padding:6px 0;border-bottom:1px solid var(--line)}.activity .reason{font-weight:600}
.activity li a{text-decoration:underline}
.badge.decision.skipped,.badge.decision.failed{background:#fee4e2;color:#912018}
.badge.decision.held{background:#fef0c7;color:#7a2e0e}.badge.decision.sent{background:#d1fadf;color:#05603a}
.preview-frame{width:100%;min-height:360px;border:1px solid var(--line);border-radius:8px;background:#fff}
.preview-text{white-space:pre-wrap;background:var(--auto);padding:12px;border-radius:8px;overflow-wrap:anywhere}
.template-preview-form{display:flex;flex-wrap:wrap;gap:8px 12px;align-items:flex-end}
.template-preview-form textarea{min-width:260px}
.reply-form{display:flex;flex-direction:column;gap:8px;margin-top:8px}
.outbox-body{white-space:pre-wrap;max-height:200px;overflow:auto;background:var(--auto);padding:8px;border-radius:6px}
@media (max-width:800px){.contact-layout,.template-layout{grid-template-columns:1fr}}
@media (max-width:600px){.attribute-row{grid-template-columns:1fr}.contact-table thead{display:none}
.contact-table,.contact-table tbody,.contact-table tr,.contact-table td{display:block}.contact-table td{border:0;padding:2px 0}
.contact-table tr{padding:8px 0;border-bottom:1px solid var(--line)}}
`;

export const ADMIN_JS = `
(function () {
  'use strict';

  function fill(text, vars) {
    return String(text || '').replace(/\\{(\\w+)\\}/g, function (whole, name) { return name in vars ? String(vars[name]) : whole; });
  }
  function freshCsrf() {
    return fetch('/inbox/session', { credentials: 'same-origin', headers: { accept: 'application/json' } }).then(function (r) {
      if (r.status === 401) return null;
      if (!r.ok) throw new Error('session check failed (' + r.status + ')');
      return r.json().then(function (data) { return data.csrf; });
    });
  }

  // CSV import: post the file as text/csv, read NDJSON lines (progress, then done/stopped/error), draw them.
  var form = document.getElementById('contact-import');
  if (form) {
    var bar = document.getElementById('import-progress');
    var status = document.getElementById('import-status');
    var errorsBox = document.getElementById('import-errors');
    var msg = function (name) { return form.getAttribute('data-msg-' + name) || ''; };
    var button = form.querySelector('button[type=submit]');

    var showErrors = function (report) {
      errorsBox.textContent = '';
      if (!report.errors || !report.errors.length) return;
      var table = document.createElement('table');
      table.className = 'import-errors';
      var head = table.createTHead().insertRow();
      [msg('line'), msg('column'), msg('expected')].forEach(function (label) {
        var th = document.createElement('th');
        th.scope = 'col';
        th.textContent = label;
        head.appendChild(th);
      });
      var body = table.createTBody();
      report.errors.forEach(function (e) {
        var row = body.insertRow();
        row.insertCell().textContent = String(e.line);
        var field = row.insertCell();
        var code = document.createElement('code');
        code.textContent = e.field;
        field.appendChild(code);
        row.insertCell().textContent = e.message;
      });
      errorsBox.appendChild(table);
      var unlisted = report.failed - report.errors.length;
      if (unlisted > 0) {
        var p = document.createElement('p');
        p.textContent = fill(msg('more'), { count: unlisted });
        errorsBox.appendChild(p);
      }
    };

    var handle = function (event, size) {
      if (event.type === 'progress') {
        bar.value = size ? Math.min(99, Math.round((event.bytes / size) * 100)) : 50;
        status.textContent = fill(msg('reading'), event);
      } else if (event.type === 'done') {
        bar.value = 100;
        status.textContent = fill(msg('done'), event) + ' ';
        var refresh = document.createElement('a');
        refresh.href = '/inbox/contacts';
        refresh.textContent = msg('show-list');
        status.appendChild(refresh);
        showErrors(event);
      } else if (event.type === 'stopped') {
        status.textContent = fill(msg('stopped'), {
          line: event.stopped_after_line, saved: event.saved_through_line, message: event.error ? event.error.message : '',
        });
        showErrors(event);
      } else if (event.type === 'error') {
        bar.hidden = true;
        status.textContent = fill(msg('failed'), { message: event.message || '' });
      }
    };

    form.addEventListener('submit', function (e) {
      e.preventDefault();
      var file = form.querySelector('input[type=file]').files[0];
      if (!file) return;
      button.disabled = true;
      bar.hidden = false;
      bar.value = 0;
      errorsBox.textContent = '';
      status.textContent = fill(msg('reading'), { rows: 0, failed: 0 });
      freshCsrf().then(function (token) {
        if (!token) { status.textContent = msg('session'); return; }
        return fetch(form.getAttribute('action'), {
          method: 'POST',
          credentials: 'same-origin',
          headers: { 'content-type': 'text/csv', 'x-csrf-token': token, accept: 'application/x-ndjson' },
          body: file,
        }).then(function (res) {
          if (res.status === 401) { status.textContent = msg('session'); return; }
          if (!res.ok || !res.body) {
            return res.json().then(function (b) { handle({ type: 'error', message: b.error ? b.error.message : res.statusText }); },
              function () { handle({ type: 'error', message: res.statusText }); });
          }
          var reader = res.body.getReader();
          var decoder = new TextDecoder();
          var buffered = '';
          var pump = function () {
            return reader.read().then(function (chunk) {
              buffered += decoder.decode(chunk.value || new Uint8Array(), { stream: !chunk.done });
              var lines = buffered.split('\\n');
              buffered = lines.pop();
              lines.forEach(function (line) { if (line.trim()) handle(JSON.parse(line), file.size); });
              if (!chunk.done) return pump();
              if (buffered.trim()) handle(JSON.parse(buffered), file.size);
            });
          };
          return pump();
        });
      }).catch(function (err) {
        handle({ type: 'error', message: err && err.message ? err.message : String(err) });
      }).then(function () { button.disabled = false; });
    });
  }

})();
`;

const ASSET_HEADERS = { 'cache-control': 'public, max-age=3600' };

export const adminAssetRoutes = new Hono()
  .get('/static/admin.css', (c) => c.body(ADMIN_CSS, 200, { ...ASSET_HEADERS, 'content-type': 'text/css; charset=utf-8' }))
  .get('/static/admin.js', (c) => c.body(ADMIN_JS, 200, { ...ASSET_HEADERS, 'content-type': 'text/javascript; charset=utf-8' }));

/** The admin pages put these in their body: no change to the shared layout's head. */
export function AdminAssets() {
  return (
    <>
      <link rel="stylesheet" href="/static/admin.css" />
      <script src="/static/admin.js" defer></script>
    </>
  );
}
