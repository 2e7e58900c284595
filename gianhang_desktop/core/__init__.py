"""The Qt-free core: models, migrations and the services both faces (CLI and window) call."""
