"""The yearly activity report for the funders, as pure functions returning dataclasses."""
