"""What every kiosk page shares: template globals, and headers that keep screens private."""

from __future__ import annotations

from flask import Flask, Response, current_app, url_for

from shared.dates import fr_long_without_year

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; img-src 'self'; style-src 'self'; script-src 'self'; media-src 'self' blob:; "
    "base-uri 'none'; form-action 'self'; frame-ancestors 'none'"
)


def picto(name: str) -> str:
    return url_for("static", filename=f"pictos/{name}.svg")


def hours(session) -> str:
    return f"{session.starts_at:%H}h{session.starts_at:%M} – {session.ends_at:%H}h{session.ends_at:%M}".replace(
        "h00", "h"
    )


def init_app(app: Flask) -> None:
    app.jinja_env.globals.update(picto=picto, fr_long_without_year=fr_long_without_year, hours=hours)

    @app.context_processor
    def _settings() -> dict:
        config = current_app.config
        return {"idle_seconds": config["KIOSK_IDLE_SECONDS"], "welcome_seconds": config["KIOSK_WELCOME_SECONDS"]}

    @app.after_request
    def _private_headers(response: Response) -> Response:
        response.headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
        response.headers.setdefault("X-Content-Type-Options", "nosniff")
        response.headers.setdefault("Referrer-Policy", "no-referrer")
        if response.mimetype == "text/html":
            # The next person must not find this screen again with "back".
            response.headers["Cache-Control"] = "no-store"
        return response
