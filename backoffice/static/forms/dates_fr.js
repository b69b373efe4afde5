/* Flask-Admin's date picker (bootstrap-daterangepicker 1.3, on moment) in French, whatever the browser's
   language: moment's French locale (loaded before: vendor/moment/fr.js) gives the month and day names and
   weeks starting on Monday; the labels are ours. Form fields say their format (``data-date-format``:
   DD/MM/YYYY, see backoffice/core/fields.py); the server also accepts ISO.

   It behaves like a dropdown list:
   - typing: the plugin re-reads the field at each key and rewrites it (typing « 2 » gave « 02/12/2026 »);
     here a typed date only moves the calendar, and a complete valid date (four-digit year) closes it, the
     text left as typed;
   - Escape closes it and leaves the field as it was (Tab and Enter already did);
   - one open at a time: opening one (by click or by keyboard focus) closes the others;
   - it never covers the form's save buttons: below the field, else above, else beside it. */
(function ($, moment) {
  "use strict";
  if (!$ || !moment) { return; }
  moment.locale("fr");

  var SHOWN = "DD/MM/YYYY";
  var ISO = "YYYY-MM-DD";
  var TYPED = [SHOWN, "D/M/YYYY", "DD-MM-YYYY", "DD.MM.YYYY", ISO];
  var COMPLETE = /^(\d{1,2}[\/.\-]\d{1,2}[\/.\-]\d{4}|\d{4}-\d{2}-\d{2})$/;
  var LABELS = {
    applyLabel: "Appliquer", cancelLabel: "Annuler", fromLabel: "Du", toLabel: "Au",
    weekLabel: "S", customRangeLabel: "Autres dates",
    daysOfWeek: moment.weekdaysMin(), monthNames: moment.months(), firstDay: moment.localeData().firstDayOfWeek()
  };

  function typed(text) {
    var date = moment(String(text || "").trim(), TYPED, true);
    return date.isValid() ? date : null;
  }

  var GAP = 6;

  function overlaps(a, b) {
    return !(a.right <= b.left || b.right <= a.left || a.bottom <= b.top || b.bottom <= a.top);
  }

  // Where the calendar may not go: the form's save buttons (and Flask-Admin's row of them).
  function saveButtons(picker) {
    return picker.element.closest("form").find(".submit-row, [type=submit]").filter(":visible").toArray();
  }

  function fits(picker, buttons) {
    var box = picker.container[0].getBoundingClientRect();
    var covers = buttons.some(function (button) { return overlaps(box, button.getBoundingClientRect()); });
    return { clear: !covers, onScreen: box.top >= 0 && box.bottom <= window.innerHeight };
  }

  // Beside the field (left if there is room, else right), as high as the field, kept on the screen.
  function beside(picker) {
    var $input = picker.element, $win = $(window), width = picker.container.outerWidth();
    var left = $input.offset().left - width - GAP;
    if (left < $win.scrollLeft()) { left = $input.offset().left + $input.outerWidth() + GAP; }
    var lowest = $win.scrollTop() + $win.height() - picker.container.outerHeight() - GAP;
    var top = Math.max($win.scrollTop() + GAP, Math.min($input.offset().top, lowest));
    var parent = picker.parentEl.is("body") ? { top: 0, left: 0 } : picker.parentEl.offset();
    picker.container.removeClass("dropup").css({ top: top - parent.top, left: left - parent.left, right: "auto" });
  }

  function place(picker) {
    var buttons = saveButtons(picker), drops = ["down", "up"], i, found;
    for (i = 0; i < drops.length; i += 1) {
      picker.drops = drops[i];
      picker.move();
      found = fits(picker, buttons);
      if (found.clear && found.onScreen) { return; }
    }
    beside(picker);
    if (fits(picker, buttons).clear) { return; }
    // A narrow screen: below or above, whichever leaves the buttons uncovered.
    for (i = 0; i < drops.length; i += 1) {
      picker.drops = drops[i];
      picker.move();
      if (fits(picker, buttons).clear) { return; }
    }
  }

  function openPickers() {
    return $("input").map(function () {
      var picker = $(this).data("daterangepicker");
      return picker && picker.isShowing ? picker : null;
    }).get();
  }

  // Close the others; their hide() unbinds every picker's outside-click handlers (one namespace for all):
  // this one is shown again to bind its own.
  function alone(picker) {
    var others = openPickers().filter(function (other) { return other !== picker; });
    if (!others.length) { return false; }
    others.forEach(function (other) { other.hide(); });
    picker.isShowing = false;
    picker.show();
    return true;
  }

  // Escape: closed, the field as before the calendar changed it (what was typed stays).
  function closeOnEscape($el, picker) {
    function escape(event) {
      if (event.key !== "Escape" || !picker.isShowing) { return; }
      event.preventDefault();
      picker.startDate = picker.oldStartDate.clone();
      picker.endDate = picker.oldEndDate.clone();
      picker.hide();
    }
    $el.on("keydown.idmixdate", escape);
    picker.container.on("keydown.idmixdate", escape);
  }

  function followTyping($el, picker) {
    $el.off("keyup.daterangepicker").on("keyup.idmixdate", function () {
      if (!picker.singleDatePicker) { return; }
      var date = typed($el.val());
      if (!date || !COMPLETE.test(String($el.val()).trim())) { return; }
      picker.startDate = date.clone().startOf("day");
      picker.endDate = date.clone().endOf("day");
      picker.oldStartDate = picker.startDate.clone();  // hiding then leaves the text as typed
      picker.oldEndDate = picker.endDate.clone();
      picker.updateView();
      picker.updateCalendars();
      picker.hide();  // a complete date typed: nothing left to choose
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
        $el.on("show.daterangepicker", function () {
          if (!alone(picker)) { place(picker); }
        });
        $el.on("showCalendar.daterangepicker", function () { place(picker); });
        followTyping($el, picker);
        closeOnEscape($el, picker);
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
