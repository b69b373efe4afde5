"""Personal and collective expression from the kiosk, anonymous in fact."""
