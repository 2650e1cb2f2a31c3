// "چاپ رسید" prints this page with the print stylesheet; without JavaScript the link opens the
// receipt on its own page, for the browser's own print command.
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var link = document.getElementById('print-receipt');
  if (!link) return;
  link.addEventListener('click', function (event) {
    event.preventDefault();
    window.print();
  });
})();
