"""Attestations de parcours: what a participant did and showed, with their consent, checkable by a short code."""
