"""The OpenID client of the back-office (Authlib): discovery, authorization code with PKCE, ``state`` and
``nonce``, the ID token checked against the provider's keys (issuer, audience, expiry, nonce), ProConnect's
signed userinfo, and every failure turned into one French sentence (``refusal_for``)."""

from __future__ import annotations

import base64
import json

import requests
from authlib.common.security import generate_token
from authlib.integrations.base_client.errors import MismatchingStateError, OAuthError
from authlib.integrations.flask_client import FlaskOAuth2App, OAuth
from flask import Flask, current_app, g
from joserfc import jwt
from joserfc.errors import (BadSignatureError, ClaimError, ExpiredTokenError, InvalidKeyIdError, JoseError)
from joserfc.jwk import KeySet
from joserfc.jws import JWSRegistry

from shared.staff.identity import ProviderIdentity
from shared.staff.oidc_settings import OidcSettings

CLIENT = "idmix_oidc"
SECRET_LENGTH = 43  # state and nonce: 256 bits, ProConnect asks for at least 32 characters
LEEWAY = 60  # seconds of clock difference accepted with the provider

UNREACHABLE = ("Le fournisseur d'identité ne répond pas\u00a0: réessayez dans quelques minutes. Si cela dure, "
               "prévenez votre service informatique.")
BAD_STATE = ("Cette réponse de connexion n'est pas attendue (elle a déjà servi, ou ne vient pas de ce navigateur)\u00a0: "
             "recommencez la connexion.")
CODE_USED = "Ce code de connexion a déjà servi ou a expiré\u00a0: recommencez la connexion."
PROVIDER_ERROR = "Le fournisseur d'identité a refusé la connexion\u00a0: recommencez, ou prévenez votre service informatique."
BAD_SIGNATURE = ("La signature du jeton d'identité est invalide\u00a0: la connexion est refusée. Prévenez votre "
                 "service informatique.")
UNKNOWN_KEY = ("Le jeton d'identité est signé par une clé que le fournisseur ne publie pas\u00a0: la connexion est "
               "refusée. Prévenez votre service informatique.")
EXPIRED = "Le jeton d'identité a expiré\u00a0: recommencez la connexion."
NOT_YET_VALID = ("Le jeton d'identité n'est pas encore valable (l'horloge du serveur ou du fournisseur est "
                 "décalée)\u00a0: prévenez votre service informatique.")
WRONG_NONCE = "Le jeton d'identité ne répond pas à cette demande de connexion (nonce)\u00a0: recommencez la connexion."
WRONG_AUDIENCE = "Le jeton d'identité est destiné à une autre application\u00a0: la connexion est refusée."
WRONG_ISSUER = "Le jeton d'identité ne vient pas du fournisseur configuré\u00a0: la connexion est refusée."
INVALID_TOKEN = "Le jeton d'identité est invalide\u00a0: la connexion est refusée. Prévenez votre service informatique."
_CLAIM_REFUSALS = {"nonce": WRONG_NONCE, "aud": WRONG_AUDIENCE, "azp": WRONG_AUDIENCE, "iss": WRONG_ISSUER,
                   "exp": EXPIRED, "nbf": NOT_YET_VALID, "iat": NOT_YET_VALID}


class ProviderApp(FlaskOAuth2App):
    """Authlib's client, with the client secret as the key of an ID token signed HS256 (a provider that signs
    with it lists HS256 in its discovery document); such a token names no key id, so it is checked against
    that key alone. Any other algorithm goes to the provider's published keys."""

    def parse_id_token(self, token, nonce, **kwargs):
        header = json.loads(base64.urlsafe_b64decode(token["id_token"].split(".")[0] + "=="))
        g.idmix_oidc_hmac = header.get("alg") == "HS256"
        try:
            return super().parse_id_token(token, nonce, **kwargs)
        finally:
            g.idmix_oidc_hmac = False

    def fetch_jwk_set(self, force=False):
        published = super().fetch_jwk_set(force)
        if not g.get("idmix_oidc_hmac"):
            return published
        if "HS256" not in (self.load_server_metadata().get("id_token_signing_alg_values_supported") or []):
            return {"keys": []}
        secret = base64.urlsafe_b64encode(self.client_secret.encode()).decode().rstrip("=")
        return {"keys": [{"kty": "oct", "k": secret, "alg": "HS256", "use": "sig"}]}


def init_app(app: Flask, settings: OidcSettings) -> None:
    oauth = OAuth(app)
    oauth.register(
        CLIENT, client_cls=ProviderApp, client_id=settings.client_id, client_secret=settings.client_secret,
        server_metadata_url=settings.discovery_url,
        client_kwargs={"scope": settings.scopes, "code_challenge_method": "S256", "default_timeout": settings.timeout},
    )
    app.extensions["idmix_oidc"] = (settings, oauth)


def settings() -> OidcSettings | None:
    found = current_app.extensions.get("idmix_oidc")
    return found[0] if found else None


def client():
    return current_app.extensions["idmix_oidc"][1].create_client(CLIENT)


def authorize_redirect(redirect_uri: str):
    """The redirect to the provider; ``state`` and ``nonce`` kept in the session (Authlib's state data)."""
    return client().authorize_redirect(redirect_uri, state=generate_token(SECRET_LENGTH),
                                       nonce=generate_token(SECRET_LENGTH))


def identity_from_callback() -> tuple[ProviderIdentity, str]:
    """The verified identity of the callback, and the ID token (kept for the logout's ``id_token_hint``)."""
    oidc = client()
    token = oidc.authorize_access_token(leeway=LEEWAY)
    claims = token.get("userinfo")
    if not claims or not token.get("id_token"):
        raise InvalidTokenResponse()
    claims = dict(claims)
    if settings().is_proconnect or "email" not in claims:  # the ID token may carry the sub only
        extra = signed_userinfo(oidc, token) if settings().is_proconnect else dict(oidc.userinfo(token=token))
        if extra.get("sub") != claims["sub"]:
            raise InvalidTokenResponse()
        claims.update(extra)
    return _identity(claims), token["id_token"]


def signed_userinfo(oidc, token) -> dict:
    """ProConnect's userinfo answer: a JWT (``application/jwt``) checked like the ID token."""
    metadata = oidc.load_server_metadata()
    answer = oidc.get(metadata["userinfo_endpoint"], token=token)
    answer.raise_for_status()
    if not answer.headers.get("Content-Type", "").startswith("application/jwt"):
        raise InvalidTokenResponse()
    decoded = jwt.decode(answer.text.strip(), KeySet.import_key_set(oidc.fetch_jwk_set()),
                         registry=JWSRegistry(algorithms=metadata.get("userinfo_signing_alg_values_supported")))
    jwt.JWTClaimsRegistry(leeway=LEEWAY, iss={"essential": True, "value": metadata["issuer"]},
                          aud={"essential": True, "value": settings().client_id}).validate(decoded.claims)
    return decoded.claims


def _identity(claims: dict) -> ProviderIdentity:
    current = settings()
    values = claims.get(current.role_claim) if current.role_claim else None
    values = [values] if isinstance(values, str) else list(values or [])
    verified = claims.get("email_verified")
    return ProviderIdentity(
        issuer=current.issuer, subject=str(claims["sub"]), email=claims.get("email"),
        # ProConnect vouches for every address it sends (its identity providers verify them)
        email_verified=current.is_proconnect or verified is True or str(verified).lower() == "true",
        first_name=claims.get("given_name"), last_name=claims.get("usual_name") or claims.get("family_name"),
        claim_values=tuple(str(value) for value in values),
    )


class InvalidTokenResponse(Exception):
    """The provider answered without a verifiable ID token (or a userinfo that contradicts it)."""


def refusal_for(error: Exception) -> str:
    """The French sentence for a failed sign-in."""
    if isinstance(error, requests.RequestException):
        return UNREACHABLE
    if isinstance(error, MismatchingStateError):
        return BAD_STATE
    if isinstance(error, OAuthError):
        return CODE_USED if error.error == "invalid_grant" else PROVIDER_ERROR
    if isinstance(error, InvalidKeyIdError):
        return UNKNOWN_KEY
    if isinstance(error, BadSignatureError):
        return BAD_SIGNATURE
    if isinstance(error, ExpiredTokenError):
        return EXPIRED
    if isinstance(error, ClaimError):
        return _CLAIM_REFUSALS.get(error.claim, INVALID_TOKEN)
    if isinstance(error, JoseError) and "future" in str(error.description or ""):
        return NOT_YET_VALID
    return INVALID_TOKEN


FAILURES = (requests.RequestException, OAuthError, JoseError, InvalidTokenResponse, KeyError, ValueError)
