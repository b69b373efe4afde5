"""Independent readers of what ID'MIX produces: the programs staff and participants open it with."""
