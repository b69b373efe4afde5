/* ID'MIX kiosk: idle reset with a warning, no way back to a finished screen, on-screen PIN keypad,
   double-tap protection ("Écouter": speech.js). No framework. */
(function () {
  "use strict";
  var body = document.body, home = body.getAttribute("data-home-url");
  var idle = parseFloat(body.getAttribute("data-idle-seconds") || "0");
  var back = parseFloat(body.getAttribute("data-return-after") || "0");
  var warning = document.getElementById("idle-warning");
  var timer = null, warnTimer = null;
  function goHome() { window.location.replace(home); }

  // Nothing of the previous person stays: a page from the back-forward cache goes home, one brought back by
  // "Back" or a reload is emptied; a new screen is not (what a person typed before "load" is theirs).
  var touched = false;
  ["input", "change"].forEach(function (type) {
    document.addEventListener(type, function () { touched = true; }, { capture: true });
  });
  function restored() {
    var entry = window.performance && performance.getEntriesByType && performance.getEntriesByType("navigation")[0];
    return !entry || entry.type === "back_forward" || entry.type === "reload";
  }
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { goHome(); return; }
    if (touched || !restored()) { return; }
    Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
      form.reset();
      form.removeAttribute("data-sent");
      form.classList.remove("sending");
    });
  });
  // A form's answer stands in history under the home address: "Back" to it shows home, never resends the form.
  if (body.hasAttribute("data-posted") && window.history.replaceState) {
    window.history.replaceState(null, "", home);
  }
  // Once this screen is touched, a guard entry in history makes "Back" go home, not to the previous screen.
  var guarded = false;
  function guard() {
    if (guarded || !window.history.pushState) { return; }
    guarded = true;
    window.history.pushState({ kiosk: "guard" }, "", window.location.href);
  }
  window.addEventListener("popstate", goHome);
  document.addEventListener("pointerdown", guard, { capture: true });
  document.addEventListener("keydown", guard, { capture: true });

  // Idle reset on every screen; a little before, the warning (read aloud, its bar shrinking to the reset).
  var ahead = Math.min(10, idle / 2);
  var timeLeft = warning && warning.querySelector(".time-left span");
  function hideWarning() { if (warning && warning.open) { warning.close(); } }
  function warn() {
    if (!warning || warning.open || !warning.showModal) { return; }
    warning.showModal();
    if (timeLeft) {
      timeLeft.style.animation = "none";
      void timeLeft.offsetWidth;  // restart the bar from full
      timeLeft.style.animation = "idle-time-left " + ahead + "s linear forwards";
    }
    var speaker = warning.querySelector("[data-say]");
    if (speaker && !speaker.hidden) { speaker.click(); }
  }
  function arm() {
    clearTimeout(timer); clearTimeout(warnTimer);
    timer = setTimeout(goHome, idle * 1000);
    if (warning) { warnTimer = setTimeout(warn, (idle - ahead) * 1000); }
  }
  if (idle > 0) {
    ["pointerdown", "touchstart", "keydown", "input", "scroll"].forEach(function (type) {
      document.addEventListener(type, arm, { passive: true, capture: true });
    });
    if (warning) {
      warning.addEventListener("cancel", function (event) { event.preventDefault(); hideWarning(); arm(); });
      // Closed by the tap's click, not its touch (else the click lands beneath); its speaker leaves it open.
      warning.addEventListener("click", function (event) {
        if (!event.target.closest("[data-say]")) { hideWarning(); arm(); }
      });
    }
    arm();
  }
  if (back > 0) { setTimeout(goHome, back * 1000); }

  // A second tap while the page is sending does nothing (no double sign-in, no double opinion).
  Array.prototype.forEach.call(document.querySelectorAll("form"), function (form) {
    form.addEventListener("submit", function (event) {
      if (form.getAttribute("data-sent")) { event.preventDefault(); return; }
      form.setAttribute("data-sent", "1");
      form.classList.add("sending");
    });
  });

  // On-screen keypad for the PIN field.
  Array.prototype.forEach.call(document.querySelectorAll("[data-keypad]"), function (pad) {
    var input = document.getElementById(pad.getAttribute("data-keypad"));
    pad.addEventListener("click", function (event) {
      var key = event.target.closest("button[data-key]");
      if (!key || !input) { return; }
      var value = key.getAttribute("data-key");
      if (value === "del") { input.value = input.value.slice(0, -1); }
      else if (input.value.length < 4) { input.value += value; }
    });
  });
})();
