"""The task-list sections built into the app; each module registers one section."""
