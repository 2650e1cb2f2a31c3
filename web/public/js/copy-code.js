// The tracking code in one tap: the button is hidden without JavaScript (the code can still be
// selected), shown here, and copies the code's Latin digits; a live region says it was copied.
(function () {
  'use strict';
  var button = document.getElementById('copy-code');
  var status = document.getElementById('copy-status');
  if (!button || !status) return;
  button.hidden = false;
  function fallback(code) {
    var field = document.createElement('textarea');
    field.value = code;
    field.setAttribute('readonly', '');
    field.className = 'visually-hidden';
    document.body.appendChild(field);
    field.select();
    var ok;
    try {
      ok = document.execCommand('copy');
    } catch (e) {
      ok = false;
    }
    document.body.removeChild(field);
    return ok;
  }
  button.addEventListener('click', function () {
    var code = button.getAttribute('data-code');
    var said = function (ok) {
      status.textContent = button.getAttribute(ok ? 'data-msg-copied' : 'data-msg-failed');
      button.setAttribute('data-copied', ok ? 'yes' : 'no');
    };
    var clipboard = window.navigator.clipboard;
    if (clipboard && clipboard.writeText) {
      clipboard.writeText(code).then(
        function () {
          said(true);
        },
        function () {
          said(fallback(code));
        },
      );
    } else said(fallback(code));
  });
})();
