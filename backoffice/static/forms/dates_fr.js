/* Flask-Admin's date picker (bootstrap-daterangepicker 1.3, on moment) in French, whatever the browser's
   language: moment's French locale (loaded before: vendor/moment/fr.js) gives the month and day names and
   weeks starting on Monday; the labels are ours. Form fields say their format (``data-date-format``:
   DD/MM/YYYY, see backoffice/views/fields.py); the server also accepts ISO.

   Typing: the plugin re-reads the field at each key and rewrites it (typing « 2 » gave « 02/12/2026 »);
   here a typed date only moves the calendar, once complete and valid, and the text is left as typed.
   The calendar opens above the field when below it would cover the save buttons. */
(function ($, moment) {
  "use strict";
  if (!$ || !moment) { return; }
  moment.locale("fr");

  var SHOWN = "DD/MM/YYYY";
  var ISO = "YYYY-MM-DD";
  var TYPED = [SHOWN, "D/M/YYYY", "DD-MM-YYYY", "DD.MM.YYYY", ISO];
  var PICKER_HEIGHT = 320;
  var LABELS = {
    applyLabel: "Appliquer", cancelLabel: "Annuler", fromLabel: "Du", toLabel: "Au",
    weekLabel: "S", customRangeLabel: "Autres dates",
    daysOfWeek: moment.weekdaysMin(), monthNames: moment.months(), firstDay: moment.localeData().firstDayOfWeek()
  };

  function typed(text) {
    var date = moment(String(text || "").trim(), TYPED, true);
    return date.isValid() ? date : null;
  }

  // Open above the field when the space below it, down to the save buttons, is too small.
  function placeAbove(picker) {
    var $input = picker.element;
    var $buttons = $input.closest("form").find(".submit-row, [type=submit]").filter(":visible").first();
    var bottom = $input.offset().top + $input.outerHeight();
    var limit = $buttons.length && $buttons.offset().top > bottom ? $buttons.offset().top
      : $(window).scrollTop() + $(window).height();
    var roomAbove = $input.offset().top - $(window).scrollTop();
    picker.drops = (limit - bottom < PICKER_HEIGHT && roomAbove > PICKER_HEIGHT) ? "up" : "down";
    picker.move();
  }

  function followTyping($el, picker) {
    $el.off("keyup.daterangepicker").on("keyup.idmixdate", function () {
      if (!picker.singleDatePicker) { return; }
      var date = typed($el.val());
      if (!date) { return; }
      picker.startDate = date.clone().startOf("day");
      picker.endDate = date.clone().endOf("day");
      picker.oldStartDate = picker.startDate.clone();  // hiding then leaves the text as typed
      picker.oldEndDate = picker.endDate.clone();
      picker.updateView();
      picker.updateCalendars();
    });
  }

  function frenchPicker(original) {
    return function (options, callback) {
      options = $.extend(true, {}, options || {}, { locale: LABELS });
      this.each(function () {
        var $el = $(this);
        original.call($el, options, callback);
        var picker = $el.data("daterangepicker");
        if (!picker) { return; }
        $el.on("show.daterangepicker", function () { placeAbove(picker); });
        followTyping($el, picker);
      });
      return this;
    };
  }

  function install() {
    if ($.fn.daterangepicker && !$.fn.daterangepicker.idmixFrench) {
      $.fn.daterangepicker = frenchPicker($.fn.daterangepicker);
      $.fn.daterangepicker.idmixFrench = true;
    }
  }

  // Flask-Admin's form.js starts its pickers when the page is ready; this runs first (registered earlier).
  install();
  $(function () {
    install();
    if (window.faForm) { return; }  // form.js starts the pickers of Flask-Admin's pages
    $("input[data-role=datepicker]").each(function () {  // the action forms' (same options as form.js)
      var $el = $(this);
      $el.daterangepicker({ timePicker: false, showDropdowns: true, singleDatePicker: true,
                            format: $el.attr("data-date-format") });
    });
  });

  // A date typed ISO is shown the French way once the field is left.
  $(document).on("change", "input[data-role=datepicker]", function () {
    var $el = $(this);
    if ($el.attr("data-date-format") !== SHOWN) { return; }  // the list filters keep ISO
    var date = typed($el.val());
    if (date && $el.val() !== date.format(SHOWN)) { $el.val(date.format(SHOWN)); }
  });
})(window.jQuery, window.moment);
