// The captcha's "new code" button shows a new image in place; without JavaScript it asks the server
// for the form again, with what was typed kept.
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var button = document.getElementById('captcha-refresh');
  var image = document.getElementById('captcha-image');
  var input = document.getElementById('captcha');
  var status = document.getElementById('captcha-status');
  if (!button || !image) return;
  button.type = 'button';
  button.addEventListener('click', function () {
    image.src = button.getAttribute('data-captcha-url') + '?' + Date.now();
    if (input) {
      input.value = '';
      input.focus();
    }
    if (status) status.textContent = button.getAttribute('data-msg') || '';
  });
})();
