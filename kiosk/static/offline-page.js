/* ID'MIX kiosk: installs the offline worker (sw.js) and shows the offline banner. */
(function () {
  "use strict";
  var banner = document.querySelector(".offline-banner");
  function show(offline) { if (banner) { banner.hidden = !offline; } }
  window.addEventListener("offline", function () { show(true); });
  window.addEventListener("online", function () {
    show(false);
    if (navigator.serviceWorker && navigator.serviceWorker.controller && !document.querySelector("form")) {
      navigator.serviceWorker.controller.postMessage("sync");
    }
  });
  if (!("serviceWorker" in navigator) || !window.isSecureContext) { return; }
  var root = document.body.getAttribute("data-home-url") || "/";
  // Once the screen has loaded, so that installing never competes with what the person does.
  window.addEventListener("load", function () {
    navigator.serviceWorker.register(root + "sw.js", { scope: root }).catch(function () {});
  });
})();
