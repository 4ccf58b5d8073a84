"""The "Frameworks you are working on" page and the side-by-side readiness on the home page."""
