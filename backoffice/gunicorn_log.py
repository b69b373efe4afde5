"""gunicorn's access log without query strings nor calendar tokens: ``--logger-class
backoffice.gunicorn_log.ScrubbingLogger`` (see docs/securite.md).

Every text atom is scrubbed (``shared.request_log.scrub_atoms``): the request line ``%(r)s`` up to
its protocol, whatever its query holds (a raw ``"`` too), the path ``%(U)s``, the referrer ``%(f)s``,
headers and environ values, and the query ``%(q)s`` is always empty, so any ``--access-logformat``
is safe with it. Both apps also put the same filter on the ``gunicorn.access`` logger.
"""

from __future__ import annotations

from gunicorn.glogging import Logger

from shared.request_log import install, scrub_atoms


class ScrubbingLogger(Logger):
    def setup(self, cfg):
        super().setup(cfg)
        install()  # the error log too: a refused request line is quoted in its warning

    def atoms(self, resp, req, environ, request_time):
        return scrub_atoms(super().atoms(resp, req, environ, request_time))
