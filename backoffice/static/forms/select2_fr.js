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
})(window.jQuery);
