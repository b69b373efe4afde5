/* A refused form says why under the field only: bring the first refused field into view and put the cursor
   in it, so the message is seen even when the field is far down the page. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var field = document.querySelector("form .is-invalid");
    if (!field) { return; }
    field.scrollIntoView({ block: "center" });
    // A date field's calendar would open on focus and hide the message: scrolled to, not focused.
    if (field.getAttribute("data-role") !== "datepicker" && typeof field.focus === "function") {
      field.focus({ preventScroll: true });
    }
  });
})();
