/* « Écouter »: the browser's French voice, else the server's audio (espeak-ng). Typed text is never sent. */
(function () {
  "use strict";
  var body = document.body, endpoint = body.getAttribute("data-speech-url");
  var screenButton = document.querySelector("[data-speak-screen]");
  var sayButtons = Array.prototype.slice.call(document.querySelectorAll("[data-say]"));
  var synth = "speechSynthesis" in window ? window.speechSynthesis : null;
  var voice = null, audio = null, current = null;
  var LONG_PRESS_MS = 650;

  function frenchVoice() {
    if (!synth) { return null; }
    var voices = synth.getVoices() || [];
    for (var i = 0; i < voices.length; i++) {
      if (/^fr([-_]|$)/i.test(voices[i].lang || "")) { return voices[i]; }
    }
    return null;
  }
  voice = frenchVoice();
  if (synth && synth.addEventListener) {
    synth.addEventListener("voiceschanged", function () { voice = frenchVoice(); });
  }

  function buttons() { return (screenButton ? [screenButton] : []).concat(sayButtons); }

  function setAvailable(available) {
    buttons().forEach(function (button) { button.classList.toggle("unavailable", !available); });
    if (!screenButton) { return; }
    var img = screenButton.querySelector("img"), label = screenButton.querySelector("span");
    if (img) { img.src = img.getAttribute(available ? "data-on" : "data-off"); }
    if (label) { label.textContent = available ? "Écouter" : "Pas de son"; }
    screenButton.setAttribute("aria-label", available ? "Écouter : lire l'écran" : "Pas de son sur cette tablette");
  }

  function done() {
    if (audio) { audio.pause(); URL.revokeObjectURL(audio.src); audio = null; }
    if (current) { current.classList.remove("speaking"); }
    current = null;
  }

  function failed() { done(); setAvailable(false); }

  function stop() { if (synth) { synth.cancel(); } done(); }

  function fromServer(text) {
    fetch(endpoint, {
      method: "POST", credentials: "same-origin",
      headers: { "Content-Type": "application/json" }, body: JSON.stringify({ text: text })
    }).then(function (answer) {
      return answer.ok ? answer.blob() : Promise.reject(new Error("no audio"));
    }).then(function (sound) {
      audio = new Audio(URL.createObjectURL(sound));
      audio.addEventListener("ended", done);
      audio.addEventListener("error", failed);
      return audio.play().then(function () { setAvailable(true); body.setAttribute("data-spoken", "server"); });
    }).catch(failed);
  }

  function speak(text, button) {
    stop();
    text = (text || "").replace(/\s+/g, " ").trim();
    if (!text) { return; }
    current = button || null;
    if (current) { current.classList.add("speaking"); }
    if (voice) {
      var utterance = new SpeechSynthesisUtterance(text);
      utterance.lang = "fr-FR";
      utterance.voice = voice;
      utterance.rate = 0.9;
      utterance.addEventListener("end", done);
      utterance.addEventListener("error", function () { voice = null; fromServer(text); });
      synth.speak(utterance);
      setAvailable(true);
      body.setAttribute("data-spoken", "browser");
      return;
    }
    fromServer(text);
  }

  function textOf(element) {
    if (element.hasAttribute("data-say-text")) { return element.getAttribute("data-say-text"); }
    if (element.hasAttribute("data-say")) { return element.getAttribute("data-say"); }
    return element.innerText || element.getAttribute("aria-label") || "";
  }

  function screenText() {
    var main = document.getElementById("main"), parts = [];
    var found = main.querySelectorAll("h1, p, legend, .text-field > label, .stack > label, .tile, .action span, " +
                                      ".choice span, .button, .letters");
    Array.prototype.forEach.call(found, function (element) {
      if (element.closest("[data-no-say]") || element.closest(".say")) { return; }
      var text = textOf(element).replace(/\s+/g, " ").trim();
      if (text && parts.indexOf(text) < 0) { parts.push(text); }
    });
    return parts.join(". ");
  }

  buttons().forEach(function (button) { button.hidden = false; });
  if (screenButton) {
    screenButton.addEventListener("click", function () { speak(screenText(), screenButton); });
  }
  sayButtons.forEach(function (button) {
    button.addEventListener("click", function (event) {
      event.preventDefault();
      event.stopPropagation();
      speak(button.getAttribute("data-say"), button);
    });
  });

  // A long press on any button, tile or choice reads it instead of pressing it.
  var timer = null, pressed = null, read = null;
  var TARGETS = "button:not(.say):not([data-speak-screen]), a, label.choice";
  document.addEventListener("pointerdown", function (event) {
    var target = event.target.closest(TARGETS);
    clearTimeout(timer);
    read = null;
    if (!target) { return; }
    pressed = target;
    timer = setTimeout(function () { read = pressed; speak(textOf(pressed), null); }, LONG_PRESS_MS);
  }, true);
  ["pointerup", "pointercancel", "pointerleave"].forEach(function (type) {
    document.addEventListener(type, function () { clearTimeout(timer); }, true);
  });
  document.addEventListener("click", function (event) {
    if (read && event.target.closest(TARGETS) === read) {
      event.preventDefault();
      event.stopPropagation();
      read = null;
    }
  }, true);
  document.addEventListener("contextmenu", function (event) { event.preventDefault(); });
  window.addEventListener("pagehide", stop);
})();
