// The submit form, a little quicker with JavaScript: the name and gender arrive from the civil
// registry as soon as birth date and national code are typed, the province fills the area code and
// the main subject its sub-subjects (the birth date's picker is date-picker.js). Without JavaScript
// the form's own buttons do the same through the server.
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var form = document.getElementById('request-form');
  if (!form) return;
  var $ = function (id) {
    return document.getElementById(id);
  };
  var latin = function (value) {
    return String(value).replace(/[۰-۹٠-٩]/g, function (d) {
      var code = d.charCodeAt(0);
      return String(code >= 0x06f0 ? code - 0x06f0 : code - 0x0660);
    });
  };

  // Name and gender from the registry.
  var birthDate = $('birthDate');
  var nationalCode = $('nationalCode');
  var fullName = $('fullName');
  var gender = $('gender');
  var status = $('identity-status');
  var asked = '';
  /** The pair the registry refused: the form is not sent with it. */
  var refused = '';
  var pending = null;

  var showStatus = function (text, isError) {
    status.textContent = '';
    if (!text) return;
    var span = document.createElement('span');
    span.className = isError ? 'field-error' : 'hint';
    span.id = isError ? 'identity-error' : 'identity-pending';
    span.textContent = text;
    status.appendChild(span);
    if (isError) fullName.setAttribute('aria-invalid', 'true');
    else fullName.removeAttribute('aria-invalid');
  };
  var clearIdentity = function () {
    fullName.value = '';
    gender.value = '';
  };

  var lookUp = function () {
    var code = latin(nationalCode.value).replace(/\D/g, '');
    var date = latin(birthDate.value).trim();
    var pair = code + '|' + date;
    if (code.length !== 10 || !/^\d{4}\/\d{1,2}\/\d{1,2}$/.test(date)) {
      if (asked) clearIdentity();
      asked = '';
      return;
    }
    if (pair === asked) return;
    asked = pair;
    clearIdentity();
    showStatus(form.getAttribute('data-msg-identity-pending'), false);
    if (pending) pending.abort();
    pending = new AbortController();
    var body = new URLSearchParams();
    body.set('_csrf', form.elements._csrf.value);
    body.set('nationalCode', code);
    body.set('birthDate', date);
    fetch(form.getAttribute('data-identity-url'), {
      method: 'POST',
      body: body,
      credentials: 'same-origin',
      headers: { Accept: 'application/json' },
      signal: pending.signal,
    })
      .then(function (response) {
        return response
          .json()
          .catch(function () {
            return {};
          })
          .then(function (data) {
            if (asked !== pair) return;
            if (response.ok && data.fullName) {
              fullName.value = data.fullName;
              gender.value = data.gender;
              showStatus('', false);
            } else {
              showStatus(data.error || form.getAttribute('data-msg-identity-failed'), true);
              // Only a definite mismatch stands; after an outage or a limit the same pair may be asked again.
              if (response.status === 404) refused = pair;
              else asked = '';
            }
          });
      })
      .catch(function (err) {
        if (err && err.name === 'AbortError') return;
        asked = '';
        showStatus(form.getAttribute('data-msg-identity-failed'), true);
      });
  };
  var timer = null;
  var soon = function () {
    clearTimeout(timer);
    timer = setTimeout(lookUp, 400);
  };
  birthDate.addEventListener('input', soon);
  nationalCode.addEventListener('input', soon);
  birthDate.addEventListener('change', lookUp);
  nationalCode.addEventListener('change', lookUp);
  // As the guide says: while birth date and national code do not match, the request cannot be sent.
  form.addEventListener('submit', function (event) {
    var submitter = event.submitter;
    if (submitter && submitter.getAttribute('formnovalidate') !== null) return;
    if (refused && refused === asked && !fullName.value) {
      event.preventDefault();
      birthDate.focus();
    }
  });
  if (!fullName.value) lookUp();
  else asked = latin(nationalCode.value).replace(/\D/g, '') + '|' + latin(birthDate.value).trim();

  // The province's area code, unless the citizen typed their own.
  var province = $('province');
  var areaCode = $('areaCode');
  var filledCode = areaCode.value;
  province.addEventListener('change', function () {
    var option = province.options[province.selectedIndex];
    var code = (option && option.getAttribute('data-area-code')) || '';
    if (!areaCode.value || areaCode.value === filledCode) {
      areaCode.value = code;
      filledCode = code;
    }
  });

  // Sub-subjects of the chosen main subject.
  var subject = $('subject');
  var subSubject = $('subSubject');
  var tree = {};
  try {
    tree = JSON.parse(subject.getAttribute('data-subject-tree') || '{}');
  } catch (_) {
    tree = {};
  }
  var placeholder = subSubject.options[0] ? subSubject.options[0].textContent : '';
  subject.addEventListener('change', function () {
    var children = tree[subject.value] || [];
    subSubject.textContent = '';
    var first = document.createElement('option');
    first.value = '';
    first.textContent = placeholder;
    subSubject.appendChild(first);
    children.forEach(function (child) {
      var option = document.createElement('option');
      option.value = child.slug;
      option.textContent = child.name;
      subSubject.appendChild(option);
    });
    subSubject.disabled = children.length === 0;
  });
  if (!subject.value) subSubject.disabled = true;
})();
