"""A living, deterministic demo group (French names and wording)."""

from shared.demo.loader import DemoCredentials, load_demo

__all__ = ["DemoCredentials", "load_demo"]
