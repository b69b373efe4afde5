"""Anonymous answers held sealed in a pool, then written in shuffled batches (docs/kiosk.md)."""
