"""Evaluation of the action as a whole: strengths, weaknesses, new strategies, for a period."""
