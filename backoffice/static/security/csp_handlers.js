/* What Flask-Admin's templates did in inline onclick="..." handlers, which the Content-Security-Policy
   forbids: confirm a deletion, run a list action, add an inline row, keep filter links from navigating. */
(function () {
  'use strict';
  document.addEventListener('click', function (event) {
    var target = event.target.closest('[data-confirm], [data-model-action], [data-add-inline-field], [data-no-navigation]');
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
