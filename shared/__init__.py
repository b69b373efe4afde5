"""ID'MIX domain: models, rules, operations and named queries. No Flask in here."""
