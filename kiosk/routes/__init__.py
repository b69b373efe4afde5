"""The kiosk's screens, one module per action: home, sign-in, feedback, discover."""
