"""PINs typed offline cannot be read back on the tablet (#24): in real Chromium with a profile kept on disk.

Four people sign in with a PIN while the network is cut and the server stopped; the queue is sent when it
comes back. Then, from the page, everything the kiosk's origin keeps (IndexedDB, localStorage, the caches)
holds no private or secret key, only the server's public key; and once the browser is closed, no file of
its profile holds the server's private key (PEM, DER or its numbers), any private key at all, the pad key
the tablet used to hold, or a PIN in clear. The sealed PINs seen in the queue open with the server's
private key only.
"""

from __future__ import annotations

import base64
import contextlib
import hashlib
import hmac
from collections.abc import Iterator
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from sqlalchemy import func, select

from shared.kiosk import offline_seal
from shared.kiosk.models import Device
from shared.kiosk.offline_models import DeviceContact, OfflineReceipt
from tests.chromium import CHROMIUM, CHROMIUM_ARGS, playwright

from .browser_support import DEFAULTS, PIN
from .test_browser_offline import READ_QUEUE, HAS_ROSTER, counts, offline_server, sign_in, wait_until  # noqa: F401

pytestmark = pytest.mark.browser

WRONG_PIN = "7395"
# Everything the kiosk's origin keeps, as the page can read it: a CryptoKey is described by its type.
STORAGE = """async () => {
  const describe = (value) => {
    if (value instanceof CryptoKey) return {cryptoKey: value.type, algorithm: value.algorithm.name};
    if (value instanceof ArrayBuffer) return {bytes: Array.from(new Uint8Array(value))};
    if (ArrayBuffer.isView(value)) return {bytes: Array.from(new Uint8Array(value.buffer))};
    if (Array.isArray(value)) return value.map(describe);
    if (value && typeof value === "object") {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, describe(v)]));
    }
    return value;
  };
  const request = (r) => new Promise((resolve, reject) => {
    r.onsuccess = () => resolve(r.result); r.onerror = () => reject(r.error);
  });
  const kept = {indexedDB: [], localStorage: {}, sessionStorage: {}, caches: []};
  for (const info of await indexedDB.databases()) {
    const db = await request(indexedDB.open(info.name));
    for (const name of db.objectStoreNames) {
      const keys = await request(db.transaction(name).objectStore(name).getAllKeys());
      const values = await request(db.transaction(name).objectStore(name).getAll());
      keys.forEach((key, i) => kept.indexedDB.push({db: info.name, store: name, key, value: describe(values[i])}));
    }
    db.close();
  }
  for (const [store, into] of [[localStorage, kept.localStorage], [sessionStorage, kept.sessionStorage]]) {
    for (let i = 0; i < store.length; i++) into[store.key(i)] = store.getItem(store.key(i));
  }
  for (const name of await caches.keys()) {
    for (const entry of await (await caches.open(name)).keys()) kept.caches.push(entry.url);
  }
  return kept;
}"""
# The start of any PKCS#8 private key (version 0, then an algorithm): RSA, EC, X25519/Ed25519.
PKCS8_STARTS = (bytes.fromhex("020100300d06092a864886f70d0101010500"), bytes.fromhex("020100301306072a8648ce3d0201"),
                bytes.fromhex("020100300506032b65"))


@contextlib.contextmanager
def persistent_tablet(profile: Path, base: str, token: str) -> Iterator[object]:
    """An enrolled tablet's Chromium whose whole profile (IndexedDB, caches, cookies) is kept in ``profile``."""
    with playwright() as started:
        context = started.chromium.launch_persistent_context(
            str(profile), executable_path=CHROMIUM, args=CHROMIUM_ARGS, viewport={"width": 1280, "height": 800},
            has_touch=True, locale="fr-FR")
        try:
            context.add_cookies([{"name": DEFAULTS["KIOSK_DEVICE_COOKIE"], "value": token, "url": base}])
            yield context
        finally:
            context.close()


def strings_and_keys(value, strings: list, keys: list) -> None:
    if isinstance(value, dict) and "cryptoKey" in value:
        keys.append(value)
    elif isinstance(value, dict):
        for key, inner in value.items():
            strings.append(str(key))
            strings_and_keys(inner, strings, keys)
    elif isinstance(value, list):
        for inner in value:
            strings_and_keys(inner, strings, keys)
    elif isinstance(value, str):
        strings.append(value)


def private_material(server) -> dict[str, bytes]:
    """What would open a sealed PIN: the server's private key in every form, and the old pad key."""
    key = offline_seal.keys().current
    numbers = key.private_numbers()
    forms = {
        "PEM": key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                 serialization.NoEncryption()),
        "PKCS#8": key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.PKCS8,
                                    serialization.NoEncryption()),
        "PKCS#1": key.private_bytes(serialization.Encoding.DER, serialization.PrivateFormat.TraditionalOpenSSL,
                                    serialization.NoEncryption()),
    }
    for name in ("d", "p", "q", "dmp1", "dmq1", "iqmp"):
        value = getattr(numbers, name)
        forms[name] = value.to_bytes((value.bit_length() + 7) // 8, "big")
        forms[f"{name} (JWK)"] = base64.urlsafe_b64encode(forms[name]).rstrip(b"=")  # as a JWK would hold it
    with server["db"]() as db:
        token_hash = db.scalars(select(Device.token_hash)).one()
    # The key this tablet was given before (shared.kiosk.offline.pin_pad_key, removed), raw and in base64.
    pad = hmac.new(b"browser-test", b"idmix-offline-pin|" + token_hash.encode(), hashlib.sha256).digest()
    forms.update({"pad key": pad, "pad key (base64)": base64.b64encode(pad)})
    return forms


def assert_only_a_public_key(kept: dict, forms: dict[str, bytes]) -> None:
    strings, keys = [], []
    strings_and_keys(kept, strings, keys)
    assert [key for key in keys if key["cryptoKey"] != "public"] == []
    [meta] = [entry for entry in kept["indexedDB"] if entry["store"] == "meta" and entry["key"] == "roster"] or [None]
    assert {entry["key"] for entry in kept["indexedDB"] if entry["store"] == "meta"} <= {"roster"}
    if meta is not None:
        assert set(meta["value"]["seal_key"]) == {"scheme", "key_id", "public_key"}
        assert meta["value"]["seal_key"]["public_key"] == offline_seal.keys().for_tablet()["public_key"]
    text = "\n".join(strings)
    assert "PRIVATE KEY" not in text and '"d"' not in text
    for name, secret in forms.items():
        assert base64.b64encode(secret).decode() not in text, name
        assert secret.hex() not in text.lower(), name
        assert not secret.isascii() or secret.decode() not in text, name  # PEM, JWK, base64 as they are


def test_pins_given_offline_leave_nothing_on_the_tablet_that_opens_them(tmp_path, offline_server):
    server, base = offline_server, offline_server["base"]
    forms = private_material(server)
    profile = tmp_path / "profile"
    with persistent_tablet(profile, base, server["token"]) as tablet:
        page = tablet.new_page()
        page.goto(base + "/")
        page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
        for screen in ("/", "/signer", "/avis", "/"):  # now under the worker: today's screens are kept
            page.goto(base + screen)
        wait_until(lambda: page.evaluate(HAS_ROSTER), "today's people kept on the tablet")

        tablet.set_offline(True)
        server["server"].stop()
        page.goto(base + "/")
        page.wait_for_selector(".offline-banner:visible")
        for name, pin in (("Fatima B.", PIN), ("Aurélien P.", PIN), ("Élodie M.", PIN), ("Karim D.", WRONG_PIN)):
            sign_in(page, name, pin)

        queue = page.evaluate(READ_QUEUE)
        assert len(queue) == 4
        assert all(item["pin"].startswith("rsa-oaep-256." + offline_seal.keys().for_tablet()["key_id"] + ".")
                   for item in queue)
        people = {server["people"][first]: pin for first, pin in
                  (("Fatima", PIN), ("Aurélien", PIN), ("Élodie", PIN), ("Karim", WRONG_PIN))}
        opened = {item["participant"]: offline_seal.open_pin(offline_seal.keys(), item["key"], item["participant"],
                                                             item["pin"]) for item in queue}
        assert opened == people  # the server's private key opens them
        assert_only_a_public_key(page.evaluate(STORAGE), forms)  # while the sealed PINs are on the tablet

        server["server"].start()
        tablet.set_offline(False)
        page.goto(base + "/")
        wait_until(lambda: counts(server) == (3, 0, 1), "the queue arrived")
        wait_until(lambda: page.evaluate(READ_QUEUE) == [], "the tablet emptied its queue")
        assert_only_a_public_key(page.evaluate(STORAGE), forms)

    files = [path for path in profile.rglob("*") if path.is_file() and not path.is_symlink()]
    assert any("IndexedDB" in str(path) for path in files)  # the queue was really written to disk
    found = {}
    for path in files:
        data = path.read_bytes()
        for name, secret in forms.items():
            if secret in data:
                found.setdefault(name, []).append(str(path.relative_to(profile)))
        for start in PKCS8_STARTS:
            if start in data:
                found.setdefault("a PKCS#8 private key", []).append(str(path.relative_to(profile)))
        for clear in (b"PRIVATE KEY", f'"pin":"{PIN}"'.encode(), f"pin={WRONG_PIN}".encode(),
                      f'"pin":"{WRONG_PIN}"'.encode()):
            if clear in data:
                found.setdefault(clear.decode(), []).append(str(path.relative_to(profile)))
    assert found == {}


PUT_IN_QUEUE = """items => new Promise((resolve, reject) => {
  const open = indexedDB.open("idmix-kiosk");
  open.onsuccess = () => {
    const tx = open.result.transaction("queue", "readwrite");
    items.forEach(item => tx.objectStore("queue").put(item));
    tx.oncomplete = () => { open.result.close(); resolve(items.length); };
    tx.onerror = () => reject(tx.error);
  };
  open.onerror = () => reject(open.error);
})"""


def test_a_long_queue_of_sealed_pins_is_sent_in_batches_until_empty(tmp_path, offline_server):
    """A sealed PIN is some 600 bytes: 120 sign-ins pass the kiosk's 32 KiB body limit, and were refused on
    every try; the tablet sends them 50 at a time (up to 256 KiB) until its queue is empty."""
    server, base = offline_server, offline_server["base"]
    public = offline_seal.keys().current.public_key()
    people = list(server["people"].values())
    items = []
    for n in range(120):
        item_key = f"queued-sign-in-{n:04d}-".ljust(64, "x")  # the longest key: 50 items pass 32 KiB
        items.append({"key": item_key, "kind": "checkin", "session": server["session_id"],
                      "participant": people[n % len(people)],
                      "pin": offline_seal.seal_pin(public, item_key, people[n % len(people)], "0000")})
    with persistent_tablet(tmp_path / "profile", base, server["token"]) as tablet:
        page = tablet.new_page()
        page.goto(base + "/")
        page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
        page.goto(base + "/")  # now under the worker
        wait_until(lambda: page.evaluate(HAS_ROSTER), "today's people kept on the tablet")
        assert page.evaluate(PUT_IN_QUEUE, items) == 120
        page.evaluate("() => navigator.serviceWorker.controller.postMessage('sync')")
        wait_until(lambda: page.evaluate(READ_QUEUE) == [], "the tablet emptied its queue", tries=300)
    with server["db"]() as db:
        assert db.scalar(select(func.count()).select_from(OfflineReceipt)) == 120
        assert db.scalars(select(DeviceContact.waiting)).one() == 0


AS_BEFORE = """() => crypto.subtle.importKey("raw", new Uint8Array(32).fill(7), {name: "HMAC", hash: "SHA-256"}, false,
                                      ["sign"]).then(padKey => new Promise((resolve, reject) => {
  const open = indexedDB.open("idmix-kiosk");
  open.onsuccess = () => {
    const meta = open.result.transaction("meta", "readwrite").objectStore("meta");
    const read = meta.get("roster");
    read.onsuccess = () => {
      const roster = read.result;
      delete roster.seal_key;
      meta.put(roster, "roster");
      const write = meta.put(padKey, "pinKey");
      write.onsuccess = () => { open.result.close(); resolve(true); };
      write.onerror = () => reject(write.error);
    };
  };
  open.onerror = () => reject(open.error);
}))"""


def test_a_tablet_that_held_the_pad_key_forgets_it_and_gets_the_public_key_at_its_next_sync(tmp_path, offline_server):
    server, base = offline_server, offline_server["base"]
    with persistent_tablet(tmp_path / "profile", base, server["token"]) as tablet:
        page = tablet.new_page()
        page.goto(base + "/")
        page.evaluate("() => navigator.serviceWorker.ready.then(() => true)")
        page.goto(base + "/")
        wait_until(lambda: page.evaluate(HAS_ROSTER), "today's people kept on the tablet")
        assert page.evaluate(AS_BEFORE)  # as an earlier version left it: a secret key, no public key
        held = page.evaluate(STORAGE)
        assert {"cryptoKey": "secret", "algorithm": "HMAC"} in [e["value"] for e in held["indexedDB"]]

        page.evaluate("() => navigator.serviceWorker.controller.postMessage('sync')")

        def updated():
            meta = {e["key"]: e["value"] for e in page.evaluate(STORAGE)["indexedDB"] if e["store"] == "meta"}
            return set(meta) == {"roster"} and "seal_key" in meta["roster"]
        wait_until(updated, "the pad key forgotten and the public key kept")
        assert_only_a_public_key(page.evaluate(STORAGE), {})
