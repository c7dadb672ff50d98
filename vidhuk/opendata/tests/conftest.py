from vidhuk.testing.ckan import ckan_server  # noqa: F401 — the real CKAN, once per session
