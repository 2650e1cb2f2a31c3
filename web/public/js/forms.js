// Every page's forms: the error summary takes focus when the page comes back with errors (its links
// move focus to their fields), and a submitted form's button shows it is busy, so a second click
// does not send the form twice. Plain browser JavaScript under the strict CSP; without it the forms
// work the same.
(function () {
  'use strict';
  var summary = document.getElementById('error-summary');
  if (summary) {
    summary.focus();
    summary.addEventListener('click', function (event) {
      var link = event.target.closest('a[href^="#"]');
      var field = link && document.getElementById(link.getAttribute('href').slice(1));
      if (!field) return;
      event.preventDefault();
      field.scrollIntoView({ block: 'center' });
      field.focus();
    });
  }

  // Runs after the forms' own handlers (they listen on the form, this on the document), so a form
  // a script refused to send is not marked busy.
  document.addEventListener('submit', function (event) {
    if (event.defaultPrevented) return;
    var form = event.target;
    if (form.getAttribute('data-busy') === 'true') {
      event.preventDefault();
      return;
    }
    var button = event.submitter;
    // The form's helper buttons (refresh, look-up) are round trips that keep what was typed.
    if (!button || button.getAttribute('formnovalidate') !== null) return;
    form.setAttribute('data-busy', 'true');
    button.setAttribute('aria-busy', 'true');
    button.setAttribute('aria-disabled', 'true');
  });

  // A page restored from the back/forward cache is ready again.
  window.addEventListener('pageshow', function () {
    var busy = document.querySelectorAll('[data-busy="true"]');
    for (var i = 0; i < busy.length; i++) busy[i].removeAttribute('data-busy');
    var buttons = document.querySelectorAll('[aria-busy="true"]');
    for (var j = 0; j < buttons.length; j++) {
      buttons[j].removeAttribute('aria-busy');
      buttons[j].removeAttribute('aria-disabled');
    }
  });
})();
