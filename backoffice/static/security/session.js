/* Sessions that end (backoffice/session_limits.py), without losing what a form held.
 *
 * Signed in (a <meta name="idmix-session"> in the page): two minutes before the idle timeout, a French
 * warning with a « Rester connecté(e) » button (POST /session/keepalive). When the time is up, the page
 * asks the server how long is really left (another tab may have been used meanwhile: GET /session/status
 * is not activity); if nothing is left, what the page's form holds is kept in sessionStorage and the
 * browser goes to the sign-in page, which brings it back to the form.
 *
 * Drafts: a form posted (or the form of a page whose session ends) is kept in sessionStorage (this tab
 * only, never passwords, files or hidden fields). The sign-in page marks a kept draft to be restored;
 * back on the same address after signing in, the form is filled again. Any other page forgets it.
 */
(function () {
  "use strict";
  var KEY = "idmix-session-draft";
  var SKIPPED = ["hidden", "password", "file", "submit", "button", "reset", "image"];
  var here = address(window.location.pathname + window.location.search);

  function address(path) {  // one spelling of an address, however its query was encoded
    try { return decodeURIComponent(path.replace(/\+/g, " ")); } catch (e) { return path; }
  }

  function storage() {
    try { return window.sessionStorage; } catch (e) { return null; }
  }

  function readDraft() {
    var store = storage();
    if (!store) { return null; }
    try { return JSON.parse(store.getItem(KEY) || "null"); } catch (e) { return null; }
  }

  function writeDraft(draft) {
    var store = storage();
    if (!store) { return; }
    if (draft) { store.setItem(KEY, JSON.stringify(draft)); } else { store.removeItem(KEY); }
  }

  function kept(element) {
    return element.name && !element.disabled && element.name !== "csrf_token" &&
      SKIPPED.indexOf((element.type || "").toLowerCase()) < 0;
  }

  function fieldsOf(form) {
    var fields = [];
    Array.prototype.forEach.call(form.elements, function (element) {
      if (!kept(element)) { return; }
      var type = (element.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        fields.push({name: element.name, value: element.value, checked: element.checked});
      } else if (element.multiple) {
        fields.push({name: element.name, values: Array.prototype.map.call(element.selectedOptions,
          function (option) { return option.value; })});
      } else {
        fields.push({name: element.name, value: element.value});
      }
    });
    return fields;
  }

  function typed(fields) {
    return fields.some(function (field) {
      return field.checked || (field.values && field.values.length) || (field.value && field.checked === undefined);
    });
  }

  function postForms() {
    return Array.prototype.filter.call(document.forms, function (form) {
      return (form.method || "").toLowerCase() === "post" && fieldsOf(form).length > 0;
    });
  }

  function mainForm() {
    var forms = postForms();
    forms.sort(function (a, b) { return fieldsOf(b).length - fieldsOf(a).length; });
    return forms[0] || null;
  }

  function keep(form, restore) {
    var fields = fieldsOf(form);
    if (typed(fields)) { writeDraft({path: here, fields: fields, restore: restore}); }
  }

  function refill(form, fields) {
    fields.forEach(function (field) {
      Array.prototype.forEach.call(form.elements, function (element) {
        if (element.name !== field.name || !kept(element)) { return; }
        var type = (element.type || "").toLowerCase();
        if (type === "checkbox" || type === "radio") {
          if (element.value === field.value) { element.checked = field.checked; }
        } else if (field.values) {
          Array.prototype.forEach.call(element.options, function (option) {
            option.selected = field.values.indexOf(option.value) >= 0;
          });
        } else {
          element.value = field.value;
        }
        if (window.jQuery) { window.jQuery(element).trigger("change"); }  // select2 shows the value
      });
    });
  }

  function notice(form) {
    var box = document.createElement("div");
    box.className = "alert alert-info";
    box.setAttribute("role", "status");
    box.id = "idmix-draft-restored";
    box.textContent = "Votre saisie a été restaurée\u00a0: vérifiez-la puis enregistrez.";
    form.parentNode.insertBefore(box, form);
  }

  function handleDraft(onSignInPage) {
    var draft = readDraft();
    if (!draft) { return; }
    if (onSignInPage) {  // the session ended: restore the draft once signed in again
      draft.restore = true;
      writeDraft(draft);
      return;
    }
    writeDraft(null);
    if (draft.restore && draft.path === here) {
      var form = mainForm();
      if (form) { refill(form, draft.fields); notice(form); }
    }
  }

  function keepOnSubmit() {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if ((form.method || "").toLowerCase() === "post") { keep(form, false); }
    }, true);
  }

  function warnings(settings) {
    var idle = Number(settings.getAttribute("data-idle-seconds")) * 1000;
    var warnBefore = Number(settings.getAttribute("data-warning-seconds")) * 1000;
    var left = Number(settings.getAttribute("data-seconds-left")) * 1000;  // the 8 hours may end sooner
    var deadline = Date.now() + (left > 0 ? Math.min(idle, left) : idle);
    var timers = [];
    var banner = null;

    function clear() {
      timers.forEach(function (timer) { window.clearTimeout(timer); });
      timers = [];
    }

    function schedule() {
      clear();
      timers.push(window.setTimeout(warn, Math.max(0, deadline - warnBefore - Date.now())));
      timers.push(window.setTimeout(check, Math.max(0, deadline - Date.now())));
    }

    function hide() {
      if (banner) { banner.remove(); banner = null; }
    }

    function early() {  // a timer of an older schedule: the deadline has moved since
      return Date.now() < deadline - warnBefore - 1000;
    }

    function warn() {
      if (banner || early()) { return; }
      banner = document.createElement("div");
      banner.id = "idmix-session-warning";
      banner.className = "alert alert-warning shadow d-flex align-items-center";
      banner.setAttribute("role", "alert");
      banner.style.cssText = "position:fixed;top:1rem;left:50%;transform:translateX(-50%);z-index:2000;";
      var text = document.createElement("span");
      text.className = "mr-3";
      text.textContent = "Votre session va se fermer dans 2\u00a0minutes faute d'activité.";
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-primary btn-sm";
      button.textContent = "Rester connecté(e)";
      button.addEventListener("click", stay);
      banner.appendChild(text);
      banner.appendChild(button);
      document.body.appendChild(banner);
      button.focus();
    }

    function follow(answer) {
      if (answer && answer.seconds_left > 0) {
        deadline = Date.now() + answer.seconds_left * 1000;
        hide();
        schedule();
      } else {
        end();
      }
    }

    function ask(url, options) {
      return window.fetch(url, options).then(function (response) {
        return response.ok ? response.json() : null;
      });
    }

    function stay() {
      ask(settings.getAttribute("data-keepalive-url"), {
        method: "POST", credentials: "same-origin",
        headers: {"X-CSRFToken": settings.getAttribute("data-csrf-token")}
      }).then(follow, end);
    }

    function check() {
      if (Date.now() < deadline - 1000) { schedule(); return; }
      ask(settings.getAttribute("data-status-url"), {credentials: "same-origin"}).then(follow, end);
    }

    function end() {
      clear();
      var form = mainForm();
      if (form) { keep(form, true); }
      window.location.assign(settings.getAttribute("data-login-url") + "?next=" + encodeURIComponent(here));
    }

    schedule();
  }

  var settings = document.querySelector('meta[name="idmix-session"]');
  handleDraft(!settings);
  if (settings) {  // signed-in pages only: the sign-in form itself is never kept
    keepOnSubmit();
    warnings(settings);
  }
}());
