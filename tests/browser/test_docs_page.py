"""The API docs at /docs work offline: Swagger UI from the app's own files, under the strict CSP."""
import urllib.error
import urllib.request


def test_docs_list_every_operation_and_load_nothing_from_elsewhere(page, server_url, api, console_errors):
    outside = []
    page.on("request", lambda r: None if r.url.startswith(server_url) else outside.append(r.url))
    page.goto("/docs")
    page.wait_for_selector(".opblock")
    openapi = api.call("GET", "/openapi.json")
    operations = sum(1 for ops in openapi["paths"].values() for method in ops
                     if method in ("get", "post", "put", "patch", "delete"))
    assert operations >= 20
    assert page.locator(".opblock").count() == operations

    # "Try it out" really calls the server from the page.
    health = page.locator(".opblock", has_text="/api/health")
    health.locator(".opblock-summary").click()
    health.locator("button.try-out__btn").click()
    health.locator("button.execute").click()
    body = health.locator(".live-responses-table .response-col_description pre").first
    body.wait_for()
    assert '"status": "ok"' in body.text_content()
    assert outside == []
    assert console_errors == []


def test_redoc_and_the_cdn_pages_are_gone(api):
    try:
        urllib.request.urlopen(f"{api.url}/redoc", timeout=10)
        raise AssertionError("/redoc should not be served: it would load ReDoc from a CDN")
    except urllib.error.HTTPError as e:
        assert e.code == 404
