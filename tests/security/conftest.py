from tests.security.browser import in_browser, plain_http_cookies  # noqa: F401 -- fixtures for the browser tests
