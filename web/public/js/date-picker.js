// A Jalali date picker for every typed date field marked `data-picker`: three lists (day, month,
// year) beside the field write it in Persian digits (۱۴۰۵/۰۳/۲۰) and fire its `change`; typing
// still works, and without JavaScript the field is typed alone. `data-years="future"` offers the
// years ahead (a passport's expiry, a flight), otherwise the years behind (a birth date).
(function () {
  'use strict';
  var latin = function (value) {
    return String(value).replace(/[۰-۹٠-٩]/g, function (d) {
      var code = d.charCodeAt(0);
      return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
    });
  };
  var persian = function (value) {
    return String(value).replace(/\d/g, function (d) {
      return '۰۱۲۳۴۵۶۷۸۹'.charAt(Number(d));
    });
  };
  var pad = function (n) {
    return n < 10 ? '0' + n : String(n);
  };
  var thisYear = Number(
    latin(new Intl.DateTimeFormat('fa-IR-u-ca-persian', { year: 'numeric' }).format(new Date())).replace(
      /\D/g,
      '',
    ),
  );

  var datePicker = function (input) {
    var group = document.createElement('div');
    group.className = 'date-picker';
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', input.getAttribute('data-picker'));
    var list = function (label, options) {
      var select = document.createElement('select');
      select.setAttribute('aria-label', label);
      var blank = document.createElement('option');
      blank.value = '';
      blank.textContent = label;
      select.appendChild(blank);
      options.forEach(function (o) {
        var option = document.createElement('option');
        option.value = String(o.value);
        option.textContent = o.text;
        select.appendChild(option);
      });
      group.appendChild(select);
      return select;
    };
    var days = [];
    for (var d = 1; d <= 31; d++) days.push({ value: d, text: persian(d) });
    var months = input
      .getAttribute('data-months')
      .split('|')
      .map(function (name, i) {
        return { value: i + 1, text: name };
      });
    var years = [];
    if (input.getAttribute('data-years') === 'future')
      for (var f = thisYear - 1; f <= thisYear + 15; f++) years.push({ value: f, text: persian(f) });
    else for (var y = thisYear; y >= thisYear - 110; y--) years.push({ value: y, text: persian(y) });
    var day = list(input.getAttribute('data-day'), days);
    var month = list(input.getAttribute('data-month'), months);
    var year = list(input.getAttribute('data-year'), years);
    var show = function () {
      var m = /^(\d{4})[/-](\d{1,2})[/-](\d{1,2})$/.exec(latin(input.value).trim());
      year.value = m ? String(Number(m[1])) : '';
      month.value = m ? String(Number(m[2])) : '';
      day.value = m ? String(Number(m[3])) : '';
    };
    var pick = function () {
      if (!year.value || !month.value || !day.value) return;
      input.value = persian(year.value + '/' + pad(Number(month.value)) + '/' + pad(Number(day.value)));
      input.dispatchEvent(new Event('change', { bubbles: true }));
    };
    [day, month, year].forEach(function (select) {
      select.addEventListener('change', pick);
    });
    input.addEventListener('input', show);
    show();
    input.insertAdjacentElement('afterend', group);
  };

  var fields = document.querySelectorAll('input[data-picker]');
  for (var i = 0; i < fields.length; i++) datePicker(fields[i]);
})();
