"""API routers, one module per family of views, and the web pages' router."""
