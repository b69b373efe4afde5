"""The ``IDMIX_OIDC_*`` settings: the department's OpenID provider, read once when the back-office starts.

Without ``IDMIX_OIDC_ISSUER`` nothing changes: no provider button, password sign-in for every account.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

from shared.staff.identity import parse_role_map
from shared.staff.models import Role

STANDARD, PROCONNECT = "standard", "proconnect"
PROCONNECT_SCOPES = "openid email given_name usual_name uid siret"
STANDARD_SCOPES = "openid email profile"
_YES, _NO = {"1", "oui", "yes", "true", "on"}, {"0", "non", "no", "false", "off"}


class OidcSettingError(ValueError):
    """A setting the back-office cannot start with (the message, in French, names it)."""


@dataclass(frozen=True)
class OidcSettings:
    issuer: str
    client_id: str
    client_secret: str
    profile: str = STANDARD
    provider_name: str = "votre fournisseur d'identité"
    scopes: str = STANDARD_SCOPES
    redirect_uri: str | None = None  # else the back-office's own /sso/retour
    post_logout_redirect_uri: str | None = None  # else the back-office's own /sso/deconnecte
    password_login: bool = True
    break_glass: frozenset[str] = field(default_factory=frozenset)  # addresses still allowed a password
    role_claim: str | None = None
    role_map: Mapping[str, Role] = field(default_factory=dict)
    timeout: float = 10.0

    @property
    def discovery_url(self) -> str:
        return self.issuer.rstrip("/") + "/.well-known/openid-configuration"

    @property
    def is_proconnect(self) -> bool:
        return self.profile == PROCONNECT

    def password_allowed(self, email: str | None) -> bool:
        return self.password_login or (email or "").strip().lower() in self.break_glass


def oidc_settings(environ: Mapping[str, str]) -> OidcSettings | None:
    """The settings read from ``environ`` (the environment, or the app's test configuration), None when
    ``IDMIX_OIDC_ISSUER`` is not set; OidcSettingError for a setting missing or wrong."""
    def get(name: str, default: str = "") -> str:
        return str(environ.get(f"IDMIX_OIDC_{name}") or default).strip()

    issuer = get("ISSUER")
    if not issuer:
        return None
    if not issuer.startswith(("https://", "http://")):
        raise OidcSettingError(f"IDMIX_OIDC_ISSUER doit être une adresse https://…\u00a0: «\u00a0{issuer}\u00a0» lu.")
    for name in ("CLIENT_ID", "CLIENT_SECRET"):
        if not get(name):
            raise OidcSettingError(f"IDMIX_OIDC_{name} manque\u00a0: donnez celui que le fournisseur a attribué à ID'MIX.")
    profile = get("PROFILE", STANDARD).lower()
    if profile not in (STANDARD, PROCONNECT):
        raise OidcSettingError(f"IDMIX_OIDC_PROFILE vaut «\u00a0standard\u00a0» ou «\u00a0proconnect\u00a0»\u00a0: "
                               f"«\u00a0{profile}\u00a0» lu.")
    password = get("PASSWORD_LOGIN", "oui").lower()
    if password not in _YES | _NO:
        raise OidcSettingError(f"IDMIX_OIDC_PASSWORD_LOGIN vaut «\u00a0oui\u00a0» ou «\u00a0non\u00a0»\u00a0: "
                               f"«\u00a0{password}\u00a0» lu.")
    try:
        role_map = parse_role_map(get("ROLE_MAP"))
    except ValueError as error:
        raise OidcSettingError(str(error)) from None
    if role_map and not get("ROLE_CLAIM"):
        raise OidcSettingError("IDMIX_OIDC_ROLE_MAP demande IDMIX_OIDC_ROLE_CLAIM (le nom de la donnée lue, "
                               "par exemple groups ou roles).")
    return OidcSettings(
        issuer=issuer.rstrip("/"), client_id=get("CLIENT_ID"), client_secret=get("CLIENT_SECRET"), profile=profile,
        provider_name=get("PROVIDER_NAME", "ProConnect" if profile == PROCONNECT else "votre fournisseur d'identité"),
        scopes=PROCONNECT_SCOPES if profile == PROCONNECT else get("SCOPES", STANDARD_SCOPES),
        redirect_uri=get("REDIRECT_URI") or None, post_logout_redirect_uri=get("POST_LOGOUT_REDIRECT_URI") or None,
        password_login=password in _YES,
        break_glass=frozenset(e.strip().lower() for e in get("BREAK_GLASS").split(",") if e.strip()),
        role_claim=get("ROLE_CLAIM") or None, role_map=role_map,
    )
