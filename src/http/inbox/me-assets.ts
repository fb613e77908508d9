// The script of /inbox/me, served as /static/inbox-me.js (no inline script under the CSP).
/** The script of the page: offers the browser's own zone for the time zone field. */
export const INBOX_ME_JS = `(function () {
  'use strict';
  var button = document.querySelector('[data-browser-zone]');
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  if (!button || !zone) return;
  var input = document.getElementById(button.getAttribute('data-browser-zone'));
  button.querySelector('.zone').textContent = zone;
  button.hidden = false;
  button.addEventListener('click', function () {
    input.value = zone;
    input.focus();
  });
})();
`;
