// A notice some minutes before the session ends, on long forms: what was typed would come back
// anyway (the server shows the form again), but the citizen or the expert can renew it in time.
// The expiry and the messages come from data attributes (web/views/partials/sessionTimer.hbs).
(function () {
  'use strict';
  var box = document.getElementById('session-timer');
  if (!box) return;
  var expiresIn = Number(box.getAttribute('data-expires-in-ms'));
  var warnBefore = Number(box.getAttribute('data-warn-before-ms'));
  if (!(expiresIn > 0)) return;
  var warnTimer = null;
  var endTimer = null;
  var digits = '۰۱۲۳۴۵۶۷۸۹';
  function fa(n) {
    return String(n).replace(/[0-9]/g, function (d) {
      return digits.charAt(Number(d));
    });
  }
  function show(text, withButton) {
    box.textContent = text;
    if (withButton) {
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'btn btn-small';
      button.id = 'session-renew';
      button.textContent = box.getAttribute('data-msg-renew');
      button.addEventListener('click', renew);
      box.appendChild(document.createTextNode(' '));
      box.appendChild(button);
    }
    box.hidden = false;
  }
  function schedule() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    var start = Date.now();
    warnTimer = setTimeout(
      function () {
        var minutes = Math.max(1, Math.ceil((expiresIn - (Date.now() - start)) / 60000));
        show(box.getAttribute('data-msg-expiring').replace('{m}', fa(minutes)), true);
      },
      Math.max(0, expiresIn - warnBefore),
    );
    endTimer = setTimeout(function () {
      show(box.getAttribute('data-msg-ended'), false);
    }, expiresIn);
  }
  function renew() {
    fetch(box.getAttribute('data-renew-url'), { method: 'POST', credentials: 'same-origin' }).then(
      function (response) {
        if (response.status === 204) {
          show(box.getAttribute('data-msg-renewed'), false);
          schedule();
        } else show(box.getAttribute('data-msg-ended'), false);
      },
      function () {},
    );
  }
  schedule();
})();
