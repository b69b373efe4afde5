"""gunicorn's access log without query strings nor calendar tokens: ``--logger-class
backoffice.gunicorn_log.ScrubbingLogger`` (see docs/securite.md).

Every atom that can hold a URL is scrubbed (``backoffice.request_log.scrub``): the request line
``%(r)s``, the path ``%(U)s``, the query ``%(q)s`` (always empty) and the referrer ``%(f)s``, so
any ``--access-logformat`` is safe with it.
"""

from __future__ import annotations

from gunicorn.glogging import Logger

from .request_log import scrub

URL_ATOMS = ("r", "U", "f", "{referer}i", "{raw_uri}e")


class ScrubbingLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for name in URL_ATOMS:
            if isinstance(atoms.get(name), str):
                atoms[name] = scrub(atoms[name])
        atoms["q"] = ""
        return atoms
