"""``idmix sso check``: does the OpenID set-up (``IDMIX_OIDC_*``) work? Discovery, keys, redirect URI."""

from __future__ import annotations

import os
import secrets

import click

from idmix import french
from idmix.cli import fail, main

REQUIRED = ("authorization_endpoint", "token_endpoint", "jwks_uri")


@main.group("sso", cls=french.FrenchGroup, subcommand_metavar=french.SUBCOMMAND_METAVAR,
            help="Connexion du personnel par le fournisseur d'identité du département (OpenID Connect, ProConnect).")
def sso() -> None:
    pass


@sso.command("check", help="Vérifie la configuration IDMIX_OIDC_*\u00a0: document de découverte, clés publiées, "
                           "adresse de retour acceptée par le fournisseur. N'écrit rien.")
@click.option("--adresse", "base_url", help="Adresse publique du back-office (https://idmix.exemple.fr/admin\u00a0; "
                                            "sans chemin, /admin est ajouté), si IDMIX_OIDC_REDIRECT_URI n'est pas "
                                            "donné.")
def check(base_url: str | None) -> None:
    import requests

    from shared.staff.oidc_settings import OidcSettingError, oidc_settings

    try:
        settings = oidc_settings(os.environ)
    except OidcSettingError as error:
        fail(str(error))
    if settings is None:
        fail("Aucun fournisseur d'identité configuré (IDMIX_OIDC_ISSUER absent)\u00a0: le personnel se connecte "
             "par mot de passe. Voir docs/securite.md.")
    redirect_uri = settings.redirect_uri or (backoffice_address(base_url) + "/sso/retour" if base_url else None)
    if redirect_uri is None:
        fail("Donnez l'adresse du back-office (--adresse https://…) ou IDMIX_OIDC_REDIRECT_URI.")
    click.echo(f"Fournisseur\u00a0: {settings.provider_name} ({settings.issuer}), profil {settings.profile}.")
    try:
        metadata = _json(requests.get(settings.discovery_url, timeout=settings.timeout))
    except (requests.RequestException, ValueError) as error:
        fail(f"Document de découverte injoignable ({settings.discovery_url})\u00a0: {type(error).__name__}.")
    if metadata.get("issuer", "").rstrip("/") != settings.issuer:
        fail(f"Le document de découverte annonce l'émetteur «\u00a0{metadata.get('issuer')}\u00a0», "
             f"pas «\u00a0{settings.issuer}\u00a0»\u00a0: corrigez IDMIX_OIDC_ISSUER.")
    missing = [name for name in REQUIRED if not metadata.get(name)]
    if missing:
        fail(f"Le document de découverte ne donne pas {', '.join(missing)}.")
    click.echo(f"OK\u00a0: document de découverte lu ({settings.discovery_url}).")
    try:
        keys = _json(requests.get(metadata["jwks_uri"], timeout=settings.timeout)).get("keys") or []
    except (requests.RequestException, ValueError) as error:
        fail(f"Clés publiques injoignables ({metadata['jwks_uri']})\u00a0: {type(error).__name__}.")
    if not keys:
        fail(f"Le fournisseur ne publie aucune clé de signature ({metadata['jwks_uri']}).")
    algorithms = sorted({key.get("alg") or key.get("kty", "?") for key in keys})
    click.echo(f"OK\u00a0: {len(keys)} clé(s) publique(s) lue(s) ({', '.join(algorithms)}).")
    _check_redirect(requests, settings, metadata, redirect_uri)
    if not metadata.get("end_session_endpoint"):
        click.echo("Attention\u00a0: pas de end_session_endpoint\u00a0: la déconnexion ne fermera pas la session "
                   "chez le fournisseur.")
    if settings.is_proconnect and not metadata.get("userinfo_endpoint"):
        fail("Profil ProConnect\u00a0: le document de découverte ne donne pas userinfo_endpoint.")
    click.echo("La configuration fonctionne.")


def backoffice_address(base_url: str) -> str:
    """The back-office's public address: wsgi.py (and nginx in front of it) serve it under /admin/, so a bare
    site address (``https://idmix.exemple.fr``) means ``https://idmix.exemple.fr/admin``."""
    from urllib.parse import urlsplit

    base_url = base_url.rstrip("/")
    return base_url if urlsplit(base_url).path else base_url + "/admin"


def _check_redirect(requests, settings, metadata, redirect_uri: str) -> None:
    """An authorization request as the back-office sends it: a provider that does not know the redirect URI
    answers with an error page (4xx) instead of its login page."""
    params = {"response_type": "code", "client_id": settings.client_id, "redirect_uri": redirect_uri,
              "scope": settings.scopes, "state": secrets.token_urlsafe(32), "nonce": secrets.token_urlsafe(32),
              "code_challenge": secrets.token_urlsafe(32), "code_challenge_method": "S256"}
    try:
        answer = requests.get(metadata["authorization_endpoint"], params=params, allow_redirects=False,
                              timeout=settings.timeout)
    except requests.RequestException as error:
        fail(f"Page de connexion du fournisseur injoignable\u00a0: {type(error).__name__}.")
    location = answer.headers.get("Location", "")
    if answer.status_code >= 400 or (location.startswith(redirect_uri) and "error=" in location):
        fail(f"Le fournisseur refuse la demande de connexion (réponse {answer.status_code})\u00a0: vérifiez que "
             f"l'identifiant IDMIX_OIDC_CLIENT_ID et l'adresse de retour {redirect_uri} y sont enregistrés.")
    click.echo(f"OK\u00a0: adresse de retour acceptée par le fournisseur ({redirect_uri}).")


def _json(answer) -> dict:
    answer.raise_for_status()
    return answer.json()
