/* Select2 3.5 (shipped by Flask-Admin, English only) speaking French: the messages of the
   search-as-you-type selects and of the list filters. Loaded after select2, before the forms start. */
(function ($) {
  "use strict";
  if (!$ || !$.fn.select2) { return; }
  function plural(n, word) { return n + " " + word + (n > 1 ? "s" : ""); }
  $.fn.select2.locales.fr = {
    formatMatches: function (n) { return plural(n, "résultat") + " : flèches haut et bas pour choisir."; },
    formatNoMatches: function () { return "Aucun résultat."; },
    formatInputTooShort: function (input, min) { return "Tapez au moins " + plural(min - input.length, "caractère") + "."; },
    formatInputTooLong: function (input, max) { return "Effacez " + plural(input.length - max, "caractère") + "."; },
    formatSelectionTooBig: function (limit) { return "Vous ne pouvez choisir que " + plural(limit, "élément") + "."; },
    formatLoadMore: function () { return "Chargement de la suite…"; },
    formatSearching: function () { return "Recherche…"; },
    formatAjaxError: function () { return "La recherche n'a pas abouti : rechargez la page (ou reconnectez-vous) et réessayez."; }
  };
  $.extend($.fn.select2.defaults, $.fn.select2.locales.fr);
  // Select2 3.5 gives its hidden text box role="button", which a text box may not take (axe-core's
  // aria-allowed-role, RGAA): the box keeps its label and loses the role.
  // A chosen item's « × » (a link with no text) says what it does.
  function accessible() {
    $("input.select2-focusser[role=button], input.select2-input[role=button]").removeAttr("role");
    $("a.select2-search-choice-close:not([aria-label])").attr({"aria-label": "Retirer ce choix", role: "button"});
  }
  var select2 = $.fn.select2;
  $.fn.select2 = function () {
    var result = select2.apply(this, arguments);
    accessible();
    this.on("change", function () { window.setTimeout(accessible, 0); });
    return result;
  };
  $.extend($.fn.select2, select2);
})(window.jQuery);
