/* ID'MIX kiosk, offline store (loaded by sw.js): the day's roster and the queue, in IndexedDB.

   The queue's items are keyed by a random one-time key (crypto.randomUUID), so IndexedDB keeps them in
   no order of arrival; opinions and visitors carry no time, a sign-in its own (signed_at). A PIN is never stored in clear: it is sealed at once to the
   server's public key (RSA-OAEP, SHA-256) with the item's key and the person, so it cannot be moved to
   another item. The tablet holds only that public key: nothing here can open a sealed PIN, only the
   server's private key can (shared/kiosk/offline_seal.py). */
(function (self) {
  "use strict";
  var DB_NAME = "idmix-kiosk", VERSION = 1;
  var RSA_OAEP = { name: "RSA-OAEP", hash: "SHA-256" }, BATCH = 50;

  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open(DB_NAME, VERSION);
      request.onupgradeneeded = function () {
        var db = request.result;
        if (!db.objectStoreNames.contains("queue")) { db.createObjectStore("queue", { keyPath: "key" }); }
        if (!db.objectStoreNames.contains("meta")) { db.createObjectStore("meta"); }
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }

  function run(store, mode, action) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(store, mode), result;
        var request = action(tx.objectStore(store));
        if (request) { request.onsuccess = function () { result = request.result; }; }
        tx.oncomplete = function () { db.close(); resolve(result); };
        tx.onerror = tx.onabort = function () { db.close(); reject(tx.error); };
      });
    });
  }

  function today() {
    return new Date().toLocaleDateString("sv-SE", { timeZone: "Europe/Paris" });  // "2026-03-10"
  }

  function fromBase64(text) {
    var raw = atob(text), bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) { bytes[i] = raw.charCodeAt(i); }
    return bytes;
  }

  function toBase64(bytes) {
    var raw = "";
    for (var i = 0; i < bytes.length; i++) { raw += String.fromCharCode(bytes[i]); }
    return btoa(raw);
  }

  function shuffle(items) {  // Fisher–Yates with the browser's random source
    for (var i = items.length - 1; i > 0; i--) {
      var j = crypto.getRandomValues(new Uint32Array(1))[0] % (i + 1), swap = items[i];
      items[i] = items[j]; items[j] = swap;
    }
    return items;
  }

  var store = {
    today: today,
    getMeta: function (name) { return run("meta", "readonly", function (s) { return s.get(name); }); },
    setMeta: function (name, value) { return run("meta", "readwrite", function (s) { return s.put(value, name); }); },

    /* The roster as the server gives it, with the server's public key. The pad key an earlier version
       kept ("pinKey") is deleted. */
    saveRoster: function (data) {
      return store.setMeta("roster", data).then(store.forgetPadKey);
    },
    forgetPadKey: function () { return run("meta", "readwrite", function (s) { return s.delete("pinKey"); }); },
    roster: function () {
      return store.getMeta("roster").then(function (roster) {
        return roster && roster.day === today() ? roster : null;
      });
    },
    /* End of the day, revocation, un-enrolment: the people of the day are forgotten. */
    wipeRoster: function () {
      return run("meta", "readwrite", function (s) { s.delete("roster"); return s.delete("pinKey"); });
    },
    wipeAll: function () {
      return store.wipeRoster().then(function () { return run("queue", "readwrite", function (s) { return s.clear(); }); });
    },

    /* "rsa-oaep-256.<key id>.<base64>": only the server's private key opens it. */
    seal: function (key, participant, pin) {
      return store.getMeta("roster").then(function (roster) {
        var sealKey = roster && roster.seal_key;
        if (!sealKey) { return null; }
        var message = JSON.stringify({ key: key, participant: participant, pin: pin.slice(0, 8) });
        return crypto.subtle.importKey("spki", fromBase64(sealKey.public_key), RSA_OAEP, false, ["encrypt"])
          .then(function (publicKey) {
            return crypto.subtle.encrypt({ name: "RSA-OAEP" }, publicKey, new TextEncoder().encode(message));
          }).then(function (sealed) {
            return sealKey.scheme + "." + sealKey.key_id + "." + toBase64(new Uint8Array(sealed));
          });
      });
    },

    /* A sign-in: the PIN is sealed before anything is written. */
    queueCheckin: function (session, participant, pin) {
      var key = crypto.randomUUID();
      return (pin === null ? Promise.resolve(null) : store.seal(key, participant, pin)).then(function (sealed) {
        // The time of the sign-in, so that a queue sent after the session dates it right; the server keeps
        // it only when plausible (shared/kiosk/offline_limits.py, signed_time).
        var item = { key: key, kind: "checkin", session: session, participant: participant,
                     signed_at: new Date().toISOString() };
        // Without the server's key yet (a roster kept by an earlier version), the PIN is not kept at all:
        // the server reads "unsealed" as a code it cannot check, and the facilitator confirms.
        if (pin !== null) { item.pin = sealed === null ? "unsealed" : sealed; }
        return run("queue", "readwrite", function (s) { return s.put(item); });
      });
    },
    /* An anonymous opinion: no person, no time. */
    queueOpinion: function (session, scope, mood, text) {
      var item = { key: crypto.randomUUID(), kind: "opinion", session: session, scope: scope, mood: mood,
                   text: text || null };
      return run("queue", "readwrite", function (s) { return s.put(item); });
    },
    /* A visitor's first name (the visitor chose to give it): no time either. */
    queueWalkIn: function (session, firstName) {
      var item = { key: crypto.randomUUID(), kind: "walk_in", session: session, first_name: firstName };
      return run("queue", "readwrite", function (s) { return s.put(item); });
    },
    waiting: function () { return run("queue", "readonly", function (s) { return s.count(); }); },

    /* Send the queue in random order, 50 items a request (a sealed PIN is some 600 bytes); drop each
       item the server answered for (whatever the answer). Goes on while the server takes them. */
    flush: function (url, rounds) {
      rounds = rounds === undefined ? 20 : rounds;
      return run("queue", "readonly", function (s) { return s.getAll(); }).then(function (items) {
        var held = (items || []).length;
        if (!held) { return 0; }
        items = shuffle(items).slice(0, BATCH);
        return fetch(url, {
          method: "POST", credentials: "same-origin", cache: "no-store",
          headers: { "Content-Type": "application/json" },
          body: JSON.stringify({ waiting: held, items: items })
        }).then(function (response) {
          if (response.status === 403) { return store.wipeAll().then(function () { return "revoked"; }); }
          if (!response.ok) { return "later"; }
          return response.json().then(function (answer) {
            var keys = Object.keys(answer.outcomes || {});
            return run("queue", "readwrite", function (s) {
              keys.forEach(function (key) { s.delete(key); });
            }).then(function () {
              if (keys.length && held > items.length && rounds > 1) {
                return store.flush(url, rounds - 1).then(function (more) {
                  return typeof more === "number" ? keys.length + more : more;
                });
              }
              return keys.length;
            });
          });
        });
      });
    }
  };
  self.IdmixOffline = store;
})(self);
