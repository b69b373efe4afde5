/* What Flask-Admin's templates did in inline onclick="..." handlers, which the Content-Security-Policy
   forbids: confirm a deletion, run a list action, add an inline row, keep filter links from navigating. */
(function () {
  'use strict';
  // A form that asks before it is sent (<form data-confirm="…">), however it is sent.
  document.addEventListener('submit', function (event) {
    var form = event.target;
    if (form.hasAttribute && form.hasAttribute('data-confirm') && !window.confirm(form.getAttribute('data-confirm'))) {
      event.preventDefault();
    }
  });
  document.addEventListener('click', function (event) {
    var target = event.target.closest('button[data-confirm], a[data-confirm], [data-model-action], [data-add-inline-field], [data-no-navigation]');
    if (!target) { return; }
    if (target.hasAttribute('data-confirm')) {
      if (!window.confirm(target.getAttribute('data-confirm'))) { event.preventDefault(); }
      return;
    }
    event.preventDefault();
    if (target.hasAttribute('data-model-action') && window.modelActions) {
      window.modelActions.execute(target.getAttribute('data-model-action'));
    } else if (target.hasAttribute('data-add-inline-field') && window.faForm) {
      window.faForm.addInlineField(target, target.getAttribute('data-add-inline-field'));
    }
  });
}());
