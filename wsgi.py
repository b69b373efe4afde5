"""WSGI entry points: ``app`` serves the back-office at /admin/ and the kiosk at /kiosk/.

For separate deployments, use the factories: ``backoffice.create_app()`` and ``kiosk.create_app()``.
"""

from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.utils import redirect
from werkzeug.wrappers import Response

import backoffice
import kiosk
from shared.db import app_engines, make_engine
from shared.health import Health, database_health

create_backoffice = backoffice.create_app
create_kiosk = kiosk.create_app


def _root(environ, start_response):
    """The bare root sends staff to the back-office; the tablet bookmarks /kiosk/."""
    return redirect(environ.get("SCRIPT_NAME", "") + "/admin/")(environ, start_response)


def healthz(database: str | None = None):
    """``/healthz`` for a load balancer or a monitor: 200 « ok » when the database answers at the latest schema,
    else 503; nothing more (no data, no version), no sign-in, never cached."""
    engine = make_engine(database)

    def _app(environ, start_response):
        if environ["REQUEST_METHOD"] not in ("GET", "HEAD"):
            answer = Response("", 405, {"Allow": "GET, HEAD"})
        else:
            healthy = database_health(engine) == Health.ANSWERS
            answer = Response("ok\n" if healthy else "indisponible\n", 200 if healthy else 503,
                              content_type="text/plain; charset=utf-8")
        answer.headers["Cache-Control"] = "no-store"
        return answer(environ, start_response)

    return _app


def build_app(backoffice_config: dict | None = None, kiosk_config: dict | None = None):
    database = app_engines((backoffice_config or {}).get("SQLALCHEMY_ENGINES"))["default"]
    return DispatcherMiddleware(_root, {
        "/admin": create_backoffice(backoffice_config),
        "/kiosk": create_kiosk(kiosk_config),
        "/healthz": healthz(database["url"] if isinstance(database, dict) else None),
    })


app = build_app()
