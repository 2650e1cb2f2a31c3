// A visible character count under each length-limited text box; the limit itself is in the page.
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var persian = function (value) {
    return String(value).replace(/\d/g, function (d) {
      return '۰۱۲۳۴۵۶۷۸۹'.charAt(Number(d));
    });
  };
  document.querySelectorAll('.counter[data-max][data-template]').forEach(function (counter) {
    var box = document.querySelector('[aria-describedby~="' + counter.id + '"]');
    if (!box) return;
    var max = Number(counter.getAttribute('data-max'));
    var template = counter.getAttribute('data-template');
    var update = function () {
      var n = box.value.length;
      counter.textContent = template.replace('{n}', persian(n)).replace('{max}', persian(max));
      counter.classList.toggle('counter-full', n >= max);
    };
    box.addEventListener('input', update);
    update();
  });
})();
