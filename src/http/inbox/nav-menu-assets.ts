// The top bar's admin menu, served as /static/inbox-menu.css and /static/inbox-menu.js (no inline script or
// style under the CSP). Without the script the admin links are a plain list in the bar; with it they fold
// behind a disclosure button.
import { Hono } from 'hono';

export const INBOX_MENU_CSS = `.admin-menu{position:relative;display:flex;align-items:center}
.admin-menu ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:4px 12px}
.admin-menu.folding ul{position:absolute;top:calc(100% + 6px);inset-inline-end:0;z-index:30;flex-direction:column;flex-wrap:nowrap;
gap:0;min-width:210px;max-width:calc(100vw - 16px);padding:6px 0;background:#101828;border:1px solid #475467;border-radius:8px;
box-shadow:0 8px 24px rgba(16,24,40,.35)}
.admin-menu.folding ul[hidden]{display:none}
.admin-menu.folding li a{display:block;padding:10px 16px;text-decoration:none;white-space:nowrap}
.admin-menu.folding li a:hover,.admin-menu.folding li a:focus-visible{background:#1d2939;text-decoration:underline}
.admin-menu a[aria-current=page]{font-weight:700;text-decoration:underline}
.admin-toggle{display:inline-flex;align-items:center;gap:6px;min-height:32px;padding:4px 10px;border-radius:6px;
border:1px solid #98a2b3;background:transparent;color:#fff;font:inherit;cursor:pointer}
.admin-toggle[hidden]{display:none}.admin-toggle.current{font-weight:700}
.admin-toggle:focus-visible{outline:3px solid #84adff;outline-offset:2px}
.admin-toggle::after{content:"";width:0;height:0;border-inline:5px solid transparent;border-top:6px solid currentColor}
.admin-toggle[aria-expanded=true]::after{border-top:0;border-bottom:6px solid currentColor}
/* A phone: the menu hangs below the whole bar, as wide as the bar, whichever side the button is on. */
@media (max-width:600px){.topbar{position:relative}.admin-menu{position:static}
.admin-menu.folding ul{top:calc(100% - 4px);inset-inline:8px;min-width:0;max-width:none}}
`;

export const INBOX_MENU_JS = `(function () {
  'use strict';
  var menu = document.querySelector('[data-admin-menu]');
  if (!menu) return;
  var button = menu.querySelector('button');
  var list = menu.querySelector('ul');
  var links = list.querySelectorAll('a');
  var here = false;
  Array.prototype.forEach.call(links, function (a) {
    if (a.getAttribute('href') === location.pathname || location.pathname.indexOf(a.getAttribute('href') + '/') === 0) {
      a.setAttribute('aria-current', 'page');
      here = true;
    }
  });
  if (here) button.classList.add('current');
  menu.classList.add('folding');
  list.hidden = true;
  button.hidden = false;
  var open = function (yes, focusFirst) {
    list.hidden = !yes;
    button.setAttribute('aria-expanded', yes ? 'true' : 'false');
    if (yes && focusFirst && links[0]) links[0].focus();
  };
  button.addEventListener('click', function () { open(list.hidden, false); });
  button.addEventListener('keydown', function (e) {
    if (e.key === 'ArrowDown') { e.preventDefault(); open(true, true); }
  });
  menu.addEventListener('keydown', function (e) {
    if (e.key === 'Escape' && !list.hidden) { e.preventDefault(); e.stopPropagation(); open(false); button.focus(); }
    if ((e.key === 'ArrowDown' || e.key === 'ArrowUp') && e.target !== button) {
      var items = Array.prototype.slice.call(links);
      var i = items.indexOf(document.activeElement);
      if (i < 0) return;
      e.preventDefault();
      items[(i + (e.key === 'ArrowDown' ? 1 : items.length - 1)) % items.length].focus();
    }
  });
  menu.addEventListener('focusout', function (e) {
    if (!list.hidden && e.relatedTarget && !menu.contains(e.relatedTarget)) open(false);
  });
  document.addEventListener('click', function (e) {
    if (!list.hidden && !menu.contains(e.target)) open(false);
  });
})();
`;

const ASSET_HEADERS = { 'cache-control': 'public, max-age=3600' };

export const menuStaticRoutes = new Hono()
  .get('/inbox-menu.css', (c) => c.body(INBOX_MENU_CSS, 200, { 'content-type': 'text/css; charset=utf-8', ...ASSET_HEADERS }))
  .get('/inbox-menu.js', (c) => c.body(INBOX_MENU_JS, 200, { 'content-type': 'text/javascript; charset=utf-8', ...ASSET_HEADERS }));
