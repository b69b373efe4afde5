"""The pictures a proposal or a choice may carry: the kiosk's theme pictograms and its symbols."""

from __future__ import annotations

from shared.kiosk.symbols import SYMBOLS

THEMES = {"cuisine": "Cuisine", "ateliers_manuels": "Ateliers manuels", "sorties": "Sorties",
          "sante_nutrition": "Santé, nutrition", "jardinage": "Jardinage", "atelier": "Atelier"}

# Key -> (French label, path under the kiosk's static folder).
PICTOGRAMS: dict[str, tuple[str, str]] = {
    **{f"theme-{key}": (label, f"pictos/theme-{key}.svg") for key, label in THEMES.items()},
    **{symbol.key: (symbol.label, f"symbols/{symbol.key}.svg") for symbol in SYMBOLS},
}


def label_of(key: str | None) -> str:
    return PICTOGRAMS[key][0] if key in PICTOGRAMS else ""


def path_of(key: str | None) -> str:
    return PICTOGRAMS[key][1] if key in PICTOGRAMS else "pictos/atelier.svg"
