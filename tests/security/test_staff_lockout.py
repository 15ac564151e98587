"""Staff lockout is not a weapon (issue 15).

Before: allauth's per-account limit locked an account after five wrong
passwords from anywhere, so during a flood one attacker could lock every
moderator out. Now the lock is per address *and* account, an account under a
wide attack is slowed down rather than locked (and not at all in a browser it
signed in from before), and staff are told, without any address.
"""

import logging
import time

import pytest
import time_machine
from django.test import Client

from accounts.models import SignInAlert
from accounts.sign_in_limits import device_cookie_name
from moderation.models import AuditEntry
from tests.factories import PASSWORD, StaffFactory, UserFactory, enrol_totp, totp_code

TOO_MANY = "Too many failed login attempts"


def address(n: int) -> str:
    return f"198.51.100.{n}"


def sign_in(client, login, password=PASSWORD):
    return client.post("/accounts/login/", {"login": login, "password": password})


def refused(response) -> bool:
    return response.status_code == 200 and TOO_MANY in response.content.decode()


def signed_in(response) -> bool:
    return response.status_code == 302


@pytest.fixture
def moderator(db):
    return StaffFactory(username="mod-ana", password=PASSWORD)


@pytest.fixture
def alert_after(settings):
    settings.SIGN_IN_ALERT_FAILURES = 10
    return 10


def attack(login: str, *, addresses: range, tries: int = 5) -> None:
    for n in addresses:
        attacker = Client(REMOTE_ADDR=address(n))
        for _ in range(tries):
            sign_in(attacker, login, "wrong-password-guess")


def test_five_wrong_passwords_from_one_address_do_not_lock_the_moderator_out(moderator):
    attack(moderator.username, addresses=range(1, 2))
    attacker = Client(REMOTE_ADDR=address(1))
    assert refused(sign_in(attacker, moderator.username)), "the attacking address is locked out of that account"
    assert signed_in(sign_in(Client(REMOTE_ADDR=address(200)), moderator.username)), "the moderator, elsewhere, is not"


def test_the_attacking_address_can_still_sign_in_to_its_own_account(moderator):
    own = UserFactory(password=PASSWORD)
    attack(moderator.username, addresses=range(1, 2))
    assert signed_in(sign_in(Client(REMOTE_ADDR=address(1)), own.username))


def test_a_wide_attack_slows_unknown_browsers_down_instead_of_locking_them_out(moderator, alert_after):
    attack(moderator.username, addresses=range(1, 3))  # 10 failures from two addresses
    newcomer = Client(REMOTE_ADDR=address(201))
    first = sign_in(newcomer, moderator.username, "wrong-again")
    assert not refused(first), "one attempt per 10 s for the whole account still goes through"
    assert refused(sign_in(Client(REMOTE_ADDR=address(202)), moderator.username)), "the next one waits"
    with _later(seconds=11):
        assert signed_in(sign_in(Client(REMOTE_ADDR=address(203)), moderator.username)), "a slow-down, not a lock"


def _later(*, seconds: int):
    return time_machine.travel(time.time() + seconds, tick=False)


def test_a_browser_the_moderator_signed_in_from_before_is_not_slowed_down(moderator, alert_after):
    own_browser = Client(REMOTE_ADDR=address(210))
    assert signed_in(sign_in(own_browser, moderator.username))
    assert device_cookie_name() in own_browser.cookies
    own_browser.post("/accounts/logout/")
    attack(moderator.username, addresses=range(1, 3))
    refused_newcomers = sum(refused(sign_in(Client(REMOTE_ADDR=address(220 + n)), moderator.username)) for n in range(3))
    assert refused_newcomers >= 2, "unknown browsers share one attempt per 10 s"
    for _ in range(3):
        assert signed_in(sign_in(own_browser, moderator.username))
        own_browser.post("/accounts/logout/")


def test_the_known_browser_cookie_is_set_after_the_second_factor(db):
    staff = StaffFactory(password=PASSWORD)
    secret = enrol_totp(staff)
    browser = Client()
    assert sign_in(browser, staff.username)["Location"] == "/accounts/2fa/authenticate/"
    assert device_cookie_name() not in browser.cookies, "not before the second factor"
    assert browser.post("/accounts/2fa/authenticate/", {"code": totp_code(secret)}).status_code == 302
    cookie = browser.cookies[device_cookie_name()]
    assert cookie["httponly"] and cookie["samesite"] == "Strict"
    assert staff.username not in cookie.value


def test_only_staff_browsers_are_remembered(db):
    author = UserFactory(password=PASSWORD)
    browser = Client()
    assert signed_in(sign_in(browser, author.username))
    assert device_cookie_name() not in browser.cookies


def test_another_accounts_known_browser_cookie_does_not_help(moderator, alert_after):
    other = StaffFactory(password=PASSWORD)
    browser = Client(REMOTE_ADDR=address(230))
    assert signed_in(sign_in(browser, other.username))
    browser.post("/accounts/logout/")
    attack(moderator.username, addresses=range(1, 3))
    results = [refused(sign_in(browser, moderator.username, "wrong")) for _ in range(3)]
    assert sum(results) >= 2


def test_staff_are_told_once_in_the_log_the_alerts_and_the_audit_log_without_any_address(moderator, alert_after, caplog):
    with caplog.at_level(logging.WARNING, logger="accounts.sign_in"):
        attack(moderator.username, addresses=range(1, 4))
    alert = SignInAlert.objects.get()
    assert alert.user == moderator and alert.failures >= 10
    lines = [r.getMessage() for r in caplog.records if r.name == "accounts.sign_in"]
    assert len(lines) == 1 and f"Account {moderator.pk} " in lines[0]
    assert not any("198.51.100" in line or moderator.username in line for line in lines)
    assert not any("198.51.100" in str(value) for value in SignInAlert.objects.values_list())
    entry = AuditEntry.objects.get(action="sign_in_alert")
    assert entry.actor_name == "system" and entry.detail["user"] == moderator.pk and entry.detail["failures"] == 10
    assert "198.51.100" not in str(entry.detail)


def test_the_slow_down_does_not_tell_which_names_exist(moderator, alert_after):
    for login in (moderator.username, "no-such-moderator"):
        attack(login, addresses=range(1, 3))
        answers = [refused(sign_in(Client(REMOTE_ADDR=address(240 + n)), login, "wrong")) for n in range(3)]
        assert answers == [False, True, True], login
    assert SignInAlert.objects.filter(user=moderator).count() == 1
