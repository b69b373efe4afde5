"""The tablets at the centre: enrolment, device tokens, walk-in visitors."""
