"""Every account and 2FA page says Cache-Control: no-store: the TOTP secret and its QR code,
recovery codes, e-mail addresses and the password forms never sit in a browser or proxy cache."""

from tests.factories import PASSWORD, StaffFactory, UserFactory, enrol_totp
from tests.security.test_headers import no_store, route_paths

SECRET_PAGES = ("/accounts/2fa/totp/activate/", "/accounts/2fa/recovery-codes/", "/accounts/email/", "/accounts/password/change/")


def sign_in(client, user) -> None:
    """Sign in, then confirm the password again: the 2FA pages ask for a recent re-authentication."""
    client.force_login(user)
    response = client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    assert response.status_code == 302, response.status_code


def account_paths() -> list[str]:
    return [path for path in route_paths() if path.startswith(("/accounts/", "/account/"))]


def test_every_account_page_is_never_stored_for_an_anonymous_visitor(client, db):
    paths = account_paths()
    assert len(paths) > 20 and "/accounts/login/" in paths
    stored = [f"{path} ({r.status_code})" for path, r in ((p, client.get(p)) for p in paths) if not no_store(r)]
    assert stored == []


def test_every_account_page_is_never_stored_for_a_signed_in_person(client, db):
    sign_in(client, UserFactory(password=PASSWORD))
    responses = {path: client.get(path) for path in account_paths()}
    assert all(responses[path].status_code == 200 for path in ("/accounts/2fa/totp/activate/", "/accounts/email/", "/accounts/password/change/"))
    stored = [f"{path} ({r.status_code})" for path, r in responses.items() if not no_store(r)]
    assert stored == []


def test_the_totp_secret_and_recovery_codes_are_never_stored(client, db):
    staff = StaffFactory(password=PASSWORD)
    sign_in(client, staff)
    activate = client.get("/accounts/2fa/totp/activate/")
    assert activate.status_code == 200 and b"<svg" in activate.content
    assert no_store(activate)
    enrol_totp(staff)
    for path in SECRET_PAGES[1:]:
        response = client.get(path)
        assert no_store(response), f"{path} ({response.status_code})"
