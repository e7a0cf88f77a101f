"""The app's screens: home, session, and the modals over them."""
