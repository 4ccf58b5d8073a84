"""The home page: the task list, progress, readiness and the workspace switcher."""
