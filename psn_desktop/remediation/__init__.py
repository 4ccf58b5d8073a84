"""The IT Health Check and the remediation plan as services: importing a provider's findings,
planning each fix, exporting the plan. No Qt: the app and the tests call the same code."""
