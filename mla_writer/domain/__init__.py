"""The domain: the request model, issues and the injected clock. Never imports Qt."""
