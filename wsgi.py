"""WSGI entry points: ``app`` serves the back-office at /admin/ and the kiosk at /kiosk/.

For separate deployments, use the factories: ``backoffice.create_app()`` and ``kiosk.create_app()``.
"""

from werkzeug.middleware.dispatcher import DispatcherMiddleware
from werkzeug.utils import redirect

import backoffice
import kiosk

create_backoffice = backoffice.create_app
create_kiosk = kiosk.create_app


def _root(environ, start_response):
    """The bare root sends staff to the back-office; the tablet bookmarks /kiosk/."""
    return redirect(environ.get("SCRIPT_NAME", "") + "/admin/")(environ, start_response)


def build_app(backoffice_config: dict | None = None, kiosk_config: dict | None = None):
    return DispatcherMiddleware(_root, {
        "/admin": create_backoffice(backoffice_config),
        "/kiosk": create_kiosk(kiosk_config),
    })


app = build_app()
