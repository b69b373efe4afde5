/* ID'MIX kiosk service worker: the kiosk keeps working through a network cut.

   Online nothing changes: every request goes to the server as before. The worker keeps copies of the
   screens, styles, scripts and pictograms, and of today's home, sign-in and opinion screens. When the
   server cannot be reached, it shows those copies with the banner « La connexion est coupée », and a
   sign-in, an opinion or a visitor's first name is kept in IndexedDB (offline.js) and sent when the
   server answers again. */
"use strict";
importScripts("static/offline.js");

var store = self.IdmixOffline;
var ROOT = new URL("./", self.location).href;  // the kiosk's root, "/" or "/kiosk/"
var SHELL = "idmix-shell-v1", DAY_PREFIX = "idmix-day-";
// Kept at install: what the offline screens show. Other pictograms are kept as the screens use them.
var PICTOS = ["discover", "face-4", "home", "offline", "opinion", "refused"];
var STATIC = ["kiosk.css", "kiosk.js", "offline.css", "offline-page.js"]
  .concat(PICTOS.map(function (name) { return "pictos/" + name + ".svg"; }));
var DAY_PAGES = ["", "signer", "avis", "decouvrir"];  // paths below ROOT whose copy is kept for the day
var POSTS = { "signer/personne": pick, "signer/code": confirmPin, "avis": opinion, "decouvrir": visitor };
var MAX_FIRST_NAME = 80;  // as shared/kiosk/walk_ins.py
var FIRST_NAME = /^[\p{L}\p{M}][\p{L}\p{M} '’.\-]*$/u;
var BANNER_HIDDEN = 'class="offline-banner" role="status" hidden';
var ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
var lastRoster = 0;

function path(url) { return url.href.slice(ROOT.length).split("?")[0].replace(/\/$/, ""); }
function esc(text) { return String(text).replace(/[&<>"']/g, function (c) { return ESCAPES[c]; }); }
function dayCache() { return DAY_PREFIX + store.today(); }

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(SHELL).then(function (cache) {
    return cache.addAll(STATIC.map(function (name) { return ROOT + "static/" + name; }));
  }).then(function () { return self.skipWaiting(); }));
});

// No clients.claim(): the worker takes over from the next screen, never under a screen in use
// (taking over a page between its form and its answer made that answer fail).
// The pad key an earlier version kept to seal PINs is deleted as soon as this version takes over.
self.addEventListener("activate", function (event) {
  event.waitUntil(forgetOtherDays().then(store.forgetPadKey));
});

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
    event.respondWith(caches.match(request, { ignoreSearch: true }).then(function (copy) {
      return copy || fetch(request).then(function (response) {
        if (response.ok) {  // symbols name people's tiles: kept for the day only
          var clone = response.clone(), name = where.indexOf("static/symbols/") === 0 ? dayCache() : SHELL;
          event.waitUntil(caches.open(name).then(function (cache) { return cache.put(request, clone); }));
        }
        return response;
      });
    }));
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
      if (!copy) { return message("La connexion est coupée", "Réessayez dans un moment.", "offline"); }
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

function pick(data) {
  return store.roster().then(function (roster) {
    var who = roster && roster.session ? person(roster, data) : null;
    if (!who) { return message("Signature impossible", "Cette personne n'est pas dans la liste de ce groupe.", "refused"); }
    if (roster.requires_pin) { return pinPage(who); }
    return store.queueCheckin(roster.session, who.id, null).then(function () { return welcome(who); });
  });
}

function confirmPin(data) {
  return store.roster().then(function (roster) {
    var who = roster && roster.session ? person(roster, data) : null;
    if (!who) { return message("Signature impossible", "Cette personne n'est pas dans la liste de ce groupe.", "refused"); }
    return store.queueCheckin(roster.session, who.id, String(data.get("pin") || "")).then(function () {
      return welcome(who);
    });
  });
}

function opinion(data) {
  var scope = String(data.get("scope") || ""), mood = String(data.get("mood") || "");
  var text = String(data.get("text") || "").slice(0, 1000);
  return store.roster().then(function (roster) {
    if (!roster || !roster.session) { return message("La connexion est coupée", "Réessayez dans un moment.", "offline"); }
    if (["personal", "collective"].indexOf(scope) < 0 || ["1", "2", "3", "4"].indexOf(mood) < 0) {
      return message("Votre avis n'est pas complet", "Choisissez pour qui, et touchez le visage qui vous ressemble.",
                     "refused", ROOT + "avis", "Revenir à mon avis");
    }
    // Offline an opinion is always anonymous: a signature could not be checked.
    return store.queueOpinion(roster.session, scope, mood, text).then(function () {
      return page("Merci", '<section class="message done"><img class="big-picto" src="' + ROOT +
        'static/pictos/opinion.svg" alt=""><h1>Merci !</h1><p>Votre avis est gardé sur la tablette, sans votre nom. ' +
        'Il sera envoyé dès le retour de la connexion.</p>' + homeButton() + "</section>", 5);
    });
  });
}

/* A visitor who comes to discover the group: the first name is kept and sent on return (the server
   checks it again); the facilitator, in the room, welcomes them as online. */
function visitor(data) {
  var name = String(data.get("first_name") || "").split(/\s+/).filter(Boolean).join(" ");
  return store.roster().then(function (roster) {
    if (!roster || !roster.session) { return message("La connexion est coupée", "Réessayez dans un moment.", "offline"); }
    var refusal = !name ? "Écrivez votre prénom." : name.length > MAX_FIRST_NAME
      ? "Le prénom est trop long : " + MAX_FIRST_NAME + " lettres au plus."
      : !FIRST_NAME.test(name) ? "Écrivez seulement votre prénom, avec des lettres." : null;
    if (refusal) { return message(refusal, "Touchez le bouton et recommencez.", "refused", ROOT + "decouvrir", "Recommencer"); }
    return store.queueWalkIn(roster.session, name).then(function () {
      return page("Bienvenue", '<section class="message done"><img class="big-picto" src="' + ROOT +
        'static/pictos/discover.svg" alt=""><h1>Bienvenue, ' + esc(name) + ' !</h1><p>L\'animateur va venir ' +
        "vous accueillir.</p>" + homeButton() + "</section>", 5);
    });
  });
}

function welcome(who) {
  return page("Bienvenue", '<section class="message done"><img class="big-picto" src="' + ROOT +
    'static/pictos/face-4.svg" alt=""><h1>Bienvenue, ' + esc(who.name) + ' !</h1><p>Votre présence est gardée ' +
    "sur la tablette. Elle sera envoyée dès le retour de la connexion.</p>" + homeButton() + "</section>", 5);
}

function pinPage(who) {
  var keys = "123456789".split("").map(function (k) {
    return '<button type="button" class="key" data-key="' + k + '">' + k + "</button>";
  }).join("");
  var symbol = who.symbol ? '<img class="symbol big" src="' + ROOT + "static/symbols/" + esc(who.symbol) + '.svg" alt="">' : "";
  return page("Mon code", '<form method="post" action="' + ROOT + 'signer/code" class="pin" novalidate autocomplete="off">' +
    '<input type="hidden" name="participant" value="' + who.id + '"><div class="pin-who">' + symbol +
    "<h1>" + esc(who.name) + ', tapez votre code</h1><label for="pin" class="visually-hidden">Mon code à 4 chiffres</label>' +
    '<input id="pin" name="pin" type="password" inputmode="none" maxlength="4" autocomplete="off"></div>' +
    '<div class="keypad" data-keypad="pin">' + keys + '<button type="button" class="key" data-key="del" ' +
    'aria-label="Effacer">⌫</button><button type="button" class="key" data-key="0">0</button>' +
    '<button type="submit" class="key ok">OK</button></div></form>', 0, ' class="fill"');
}

function message(title, text, picto, link, label) {
  return page(title, '<section class="message"><img class="big-picto" src="' + ROOT + "static/pictos/" + picto +
    '.svg" alt=""><h1>' + esc(title) + "</h1><p>" + esc(text) + "</p>" + homeButton(link, label) + "</section>", 0);
}

function homeButton(link, label) {
  return '<p><a class="button" href="' + (link || ROOT) + '">' + esc(label || "Revenir à l'accueil") + "</a></p>";
}

function page(title, main, returnAfter, attrs) {
  return store.getMeta("roster").then(function (roster) {
    var idle = (roster && roster.idle_seconds) || 20;
    return htmlResponse('<!doctype html><html lang="fr"><head><meta charset="utf-8">' +
      '<meta name="viewport" content="width=device-width, initial-scale=1"><title>' + esc(title) + " – ID'MIX</title>" +
      '<link rel="stylesheet" href="' + ROOT + 'static/kiosk.css"><link rel="stylesheet" href="' + ROOT +
      'static/offline.css"><script src="' + ROOT + 'static/kiosk.js" defer></script><script src="' + ROOT +
      'static/offline-page.js" defer></script></head><body data-home-url="' + ROOT + '" data-idle-seconds="' + idle +
      '"' + (returnAfter ? ' data-return-after="' + returnAfter + '"' : "") + (attrs || "") + '><header class="bar">' +
      '<a class="button small" href="' + ROOT + '"><img src="' + ROOT + 'static/pictos/home.svg" alt=""> Accueil</a>' +
      '<span class="brand">ID\'MIX</span></header>' + banner() + '<main id="main">' + main + "</main></body></html>");
  });
}

function banner() {
  return '<p class="offline-banner" role="status"><img src="' + ROOT + 'static/pictos/offline.svg" alt=""> ' +
    "La connexion est coupée : ce que vous faites est gardé sur la tablette.</p>";
}

function htmlResponse(html) {
  return new Response(html, { headers: { "Content-Type": "text/html; charset=utf-8", "Cache-Control": "no-store" } });
}
