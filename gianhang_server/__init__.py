"""Reference server for the national online storefront API ("Gian hàng Việt trực tuyến")."""

API_PREFIX = "/api/v1"
