"""ID'MIX command line and composition root (the only place that knows both apps)."""
