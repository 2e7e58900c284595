"""Product photos: import pipeline, content-addressed store, and the services on top."""
