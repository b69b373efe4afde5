/* ID'MIX kiosk service worker: the kiosk keeps working through a network cut, and takes every update.

   Online nothing changes: every request goes to the server as before. The worker keeps copies of the
   styles, scripts and pictograms, of the offline screens (rendered by the server from its templates:
   kiosk/routes/offline_screens.py) and of today's home, sign-in and opinion screens. When the server
   cannot be reached, it shows those copies with the banner « La connexion est coupée », and a
   sign-in, an opinion or a visitor's first name is kept in IndexedDB (offline.js) and sent when the
   server answers again.

   Updates: the server serves this file with VERSION, a digest of its static files and templates. A
   change on the server changes this file, so the tablet installs the new worker at its next screen,
   with a cache of the new version's name; older caches are deleted when it takes over. Scripts and
   styles are fetched from the network first (the copy is for offline only), so even a tablet whose
   worker has not yet updated runs the server's code at the next screen. */
"use strict";
importScripts("static/offline.js");

var store = self.IdmixOffline;
var ROOT = new URL("./", self.location).href;  // the kiosk's root, "/" or "/kiosk/"
var VERSION = "dev";  // set by the server as it serves this file (kiosk/routes/sync.py)
var SHELL_PREFIX = "idmix-shell-", SHELL = SHELL_PREFIX + VERSION, DAY_PREFIX = "idmix-day-";
// Kept at install: what the offline screens show. Other pictograms are kept as the screens use them.
var PICTOS = ["discover", "face-4", "home", "listen", "listen-off", "offline", "opinion", "refused", "wait"];
var STATIC = ["kiosk.css", "kiosk.js", "speech.js", "offline.css", "offline-page.js"]
  .concat(PICTOS.map(function (name) { return "pictos/" + name + ".svg"; }));
// hors-ligne/ecran/<name>: every word shown offline is in kiosk/routes/offline_screens.py and its templates
var SCREENS = ["code", "presence", "avis", "visiteur", "impossible", "coupure", "avis-incomplet", "prenom-refuse"];
// The shell's cache is named after the content of every file it holds, so within it a static address's
// « ?v=<hash> » (shared/static_versions.py) adds nothing: the unversioned copy kept at install is the same file.
var SAME_VERSION = { ignoreSearch: true };
var CODE = /\.(js|css)$/;  // network first: a fix reaches the tablet at the next screen
var DAY_PAGES = ["", "signer", "avis", "decouvrir"];  // paths below ROOT whose copy is kept for the day
var POSTS = { "signer/personne": pick, "signer/code": confirmPin, "avis": opinion, "decouvrir": visitor };
var BANNER_HIDDEN = 'class="offline-banner" role="status" hidden';
var BLANK = /⟦(\w+)⟧|%E2%9F%A6(\w+)%E2%9F%A7/g;  // kiosk/routes/offline_screens.py, blank()
var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
var lastRoster = 0;

function path(url) { return url.href.slice(ROOT.length).split("?")[0].replace(/\/$/, ""); }
function esc(text) { return String(text).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; }); }
function dayCache() { return DAY_PREFIX + store.today(); }

function screenUrl(name) { return ROOT + "hors-ligne/ecran/" + name; }

self.addEventListener("install", function (event) {
  var urls = STATIC.map(function (name) { return ROOT + "static/" + name; }).concat(SCREENS.map(screenUrl));
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    return cache.addAll(urls.map(function (url) { return new Request(url, { cache: "no-cache" }); }));
  }).then(function () { return self.skipWaiting(); }));
});

// No clients.claim(): the worker takes over from the next screen, never under a screen in use
// (taking over a page between its form and its answer made that answer fail).
// The copies of earlier versions go, and the pad key an earlier version kept to seal PINs is deleted.
self.addEventListener("activate", function (event) {
  event.waitUntil(forgetOtherVersions().then(forgetOtherDays).then(store.forgetPadKey));
});

function forgetOtherVersions() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(SHELL_PREFIX) === 0 && name !== SHELL;
    }).map(function (name) { return caches.delete(name); }));
  });
}

self.addEventListener("message", function (event) {
  if (event.data === "sync") { event.waitUntil(refresh()); }
});

/* Yesterday's pages and people are gone: the copies are kept per day, the roster says its day. */
function forgetOtherDays() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf(DAY_PREFIX) === 0 && name !== dayCache();
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () {
    return store.getMeta("roster").then(function (roster) {
      if (roster && roster.day !== store.today()) { return store.wipeRoster(); }
    });
  });
}

/* Revoked or un-enrolled: nothing of the group stays on the tablet. */
function wipe() {
  return caches.keys().then(function (names) {
    return Promise.all(names.map(function (name) { return caches.delete(name); }));
  }).then(store.wipeAll);
}

/* Send the queue, then fetch today's roster again. Quietly does nothing while the server is away. */
function refresh() {
  lastRoster = Date.now();
  return store.flush(ROOT + "hors-ligne/envoi").then(function (sent) {
    if (sent === "revoked") { return wipe(); }
    return fetch(ROOT + "hors-ligne/donnees", { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      if (r.status === 403) { return wipe(); }
      if (r.ok) { return r.json().then(store.saveRoster); }
    });
  }).catch(function () { lastRoster = 0; });
}

self.addEventListener("fetch", function (event) {
  var request = event.request, url = new URL(request.url);
  if (url.href.indexOf(ROOT) !== 0) { return; }
  var where = path(url);
  if (where.indexOf("hors-ligne/") === 0 || where === "sw.js") { return; }
  if (request.method === "GET" && where.indexOf("static/") === 0) {
    event.respondWith(CODE.test(where) ? networkFirst(event, request) : cacheFirst(event, request, where));
  } else if (request.mode === "navigate" && request.method === "GET") {
    event.respondWith(navigate(event, request, where));
  } else if (request.mode === "navigate" && request.method === "POST" && POSTS[where]) {
    var form = request.clone().formData();
    event.respondWith(fetch(request).then(function (response) {
      event.waitUntil(afterOnline(response, where));
      return response;
    }, function () {
      return forgetOtherDays().catch(function () {}).then(function () { return form; }).then(function (data) {
        return POSTS[where](data);
      });
    }));
  }
});

function keep(event, request, response, name) {
  if (response.ok) {
    var clone = response.clone();
    event.waitUntil(caches.open(name).then(function (cache) { return cache.put(request, clone); }));
  }
  return response;
}

/* Scripts and styles: the server's, the copy only when it cannot be reached. */
function networkFirst(event, request) {
  return fetch(request).then(function (response) {
    return keep(event, request, response, SHELL);
  }, function () {
    return caches.open(SHELL).then(function (cache) { return cache.match(request, SAME_VERSION); }).then(function (copy) {
      return copy || caches.match(request).then(function (any) { return any || Response.error(); });
    });
  });
}

/* Pictograms and symbols: they only change with a new version, whose cache starts empty. */
function cacheFirst(event, request, where) {
  var name = where.indexOf("static/symbols/") === 0 ? dayCache() : SHELL;  // symbols name people's tiles: the day only
  return caches.open(name).then(function (cache) {
    return cache.match(request, name === SHELL ? SAME_VERSION : undefined);
  }).then(function (copy) {
    return copy || fetch(request).then(function (response) { return keep(event, request, response, name); });
  });
}

// The queue is sent and the roster fetched from the home screen only: never while a person is
// between a form and its answer (a sync racing a form's POST made that answer fail).
function afterOnline(response, where) {
  if (response.status === 403) { return wipe(); }
  return forgetOtherDays().then(function () {
    if (where === "" && Date.now() - lastRoster > 15000) { return refresh(); }
  });
}

function navigate(event, request, where) {
  return fetch(request).then(function (response) {
    if (response.ok && DAY_PAGES.indexOf(where) >= 0) {
      var clone = response.clone();
      event.waitUntil(caches.open(dayCache()).then(function (cache) { return cache.put(ROOT + where, clone); }));
    }
    event.waitUntil(afterOnline(response, where));
    return response;
  }, function () {  // offline, maybe since yesterday: yesterday's people are forgotten first
    return forgetOtherDays().catch(function () {}).then(function () {
      return caches.open(dayCache());
    }).then(function (cache) {
      return cache.match(ROOT + where).then(function (copy) { return copy || cache.match(ROOT); });
    }).then(function (copy) {
      if (!copy) { return cut(); }
      return copy.text().then(function (html) {
        return htmlResponse(html.replace(BANNER_HIDDEN, 'class="offline-banner" role="status"'));
      });
    });
  });
}

function person(roster, data) {
  var id = parseInt(data.get("participant"), 10);
  return (roster.people || []).filter(function (p) { return p.id === id; })[0] || null;
}

function notInGroup() { return screen("impossible", {}); }

function cut() { return screen("coupure", {}); }

function pick(data) {
  return store.roster().then(function (roster) {
    var who = roster && roster.session ? person(roster, data) : null;
    if (!who) { return notInGroup(); }
    if (roster.requires_pin) {
      return screen("code", { participant: who.id, name: who.name, symbol: who.symbol || "" });
    }
    return store.queueCheckin(roster.session, who.id, null).then(function () { return kept(who); });
  });
}

function confirmPin(data) {
  return store.roster().then(function (roster) {
    var who = roster && roster.session ? person(roster, data) : null;
    if (!who) { return notInGroup(); }
    return store.queueCheckin(roster.session, who.id, String(data.get("pin") || "")).then(function () {
      return kept(who);
    });
  });
}

/* The tablet cannot check a PIN, nor the server's rules: no welcome, the presence will be checked. */
function kept(who) { return screen("presence", { name: who.name }); }

function opinion(data) {
  var scope = String(data.get("scope") || ""), mood = String(data.get("mood") || "");
  var text = String(data.get("text") || "").slice(0, 1000);
  return store.roster().then(function (roster) {
    if (!roster || !roster.session) { return cut(); }
    if (["personal", "collective"].indexOf(scope) < 0 || ["1", "2", "3", "4"].indexOf(mood) < 0) {
      return screen("avis-incomplet", {});
    }
    // Offline an opinion is always anonymous: a signature could not be checked.
    return store.queueOpinion(roster.session, scope, mood, text).then(function () { return screen("avis", {}); });
  });
}

/* The first-name rule of shared/kiosk/walk_ins.py, as the roster gives it; the server checks again. */
function firstNameRefusal(rule, name) {
  if (!rule) { return null; }  // a roster kept by an earlier version: the server checks at sync
  if (!name) { return rule.messages.empty; }
  if (name.length > rule.max) { return rule.messages.long; }
  return new RegExp(rule.pattern, "u").test(name) ? null : rule.messages.letters;
}

/* A visitor who comes to discover the group: the first name is kept and sent on return; the
   facilitator, in the room, welcomes them as online. */
function visitor(data) {
  var name = String(data.get("first_name") || "").split(/\s+/).filter(Boolean).join(" ");
  return store.roster().then(function (roster) {
    if (!roster || !roster.session) { return cut(); }
    var refusal = firstNameRefusal(roster.first_name, name);
    if (refusal) { return screen("prenom-refuse", { title: refusal }); }
    return store.queueWalkIn(roster.session, name).then(function () { return screen("visiteur", { name: name }); });
  });
}

/* A screen the server rendered from its templates, kept at install: its blanks filled, escaped. */
function screen(name, values) {
  return caches.match(screenUrl(name)).then(function (copy) {
    if (!copy) {
      return new Response("La connexion est coupée. Réessayez dans un moment.",
                          { status: 503, headers: { "Content-Type": "text/plain; charset=utf-8" } });
    }
    return copy.text().then(function (html) {
      if (!values.symbol) { html = html.replace(/<img[^>]*%E2%9F%A6symbol%E2%9F%A7[^>]*>/g, ""); }
      html = html.replace(BLANK, function (all, text, url) {  // in a URL, url_for wrote the blank encoded
        var key = text || url, value = key in values ? String(values[key]) : "";
        return esc(url ? encodeURIComponent(value) : value);
      });
      return htmlResponse(html.replace(BANNER_HIDDEN, 'class="offline-banner" role="status"'));
    });
  });
}

function htmlResponse(html) {
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
