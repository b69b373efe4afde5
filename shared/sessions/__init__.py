"""Sessions (séances) of a group, their schedule, and attendance (émargement)."""
