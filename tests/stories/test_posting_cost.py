"""Posting at the database's pace: a tap and a story do no work they do not need (issue 16)."""

import pytest
from django.core.cache.backends.locmem import LocMemCache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from stories.models import Story, Tap


@pytest.fixture
def cache_calls(monkeypatch, locmem_cache):
    """Count the cache operations (each one a Redis round trip in production) on a local-memory cache."""
    calls = []
    for name in ("get", "add", "incr", "set", "get_many", "set_many"):
        original = getattr(LocMemCache, name)
        monkeypatch.setattr(LocMemCache, name, lambda self, key, *args, _name=name, _original=original, **kwargs: (
            calls.append((_name, str(key))), _original(self, key, *args, **kwargs))[1])
    return calls


def campaign_queries(context) -> list[str]:
    return [query["sql"] for query in context.captured_queries if "stories_campaign" in query["sql"]]


def test_a_tap_reads_its_campaign_from_the_snapshot_not_the_database(client, campaign):
    client.get("/api/v1/counts")  # the snapshot is in the cache, as it nearly always is
    with CaptureQueriesContext(connection) as context:
        assert client.post("/c/metoo/metoo/").status_code == 302
    assert Tap.objects.count() == 1
    assert campaign_queries(context) == []


def test_a_tap_spends_one_cache_round_trip_on_its_rate_limit_and_none_on_the_salt(client, campaign, cache_calls):
    client.get("/api/v1/counts")
    client.post("/c/metoo/metoo/")  # the flood switch and the address salt are read once
    cache_calls.clear()
    from django.test import Client

    assert Client().post("/c/metoo/metoo/").status_code == 302  # another browser, same address
    assert not [call for call in cache_calls if "address-salt" in call[1]], cache_calls
    rate_limit = [call for call in cache_calls if call[1].startswith("rl:")]
    assert rate_limit == [("add", rate_limit[0][1]), ("incr", rate_limit[0][1])]  # one key: add, then count
    # the snapshot and the flood switch, and nothing else
    assert len(cache_calls) - len(rate_limit) <= 2, cache_calls


def test_a_campaign_newer_than_the_snapshot_takes_taps_and_stories(client, campaign):
    from tests.factories import CampaignFactory

    client.get("/api/v1/counts")
    CampaignFactory(slug="newer")
    assert client.post("/c/newer/metoo/").status_code == 302
    response = client.post("/share/", {"campaign": "newer", "text": "It happened at work.", "anonymity": "anonymous"})
    assert response.status_code == 200
    assert Story.objects.get().campaign.slug == "newer"


def test_the_story_form_takes_its_campaigns_from_the_snapshot(client, campaign):
    client.get("/api/v1/counts")
    with CaptureQueriesContext(connection) as context:
        response = client.post("/share/", {"campaign": "metoo", "text": "It happened at work.", "anonymity": "anonymous"})
    assert response.status_code == 200
    assert campaign_queries(context) == []
    assert Story.objects.count() == 1


def test_a_tap_within_a_minute_of_a_release_asks_nothing_about_releases(campaign, settings):
    from stories import services
    from stories.releases import release_now

    settings.RELEASE_MIN_SECONDS = 60
    for _ in range(settings.K_ANONYMITY_THRESHOLD):
        services.record_tap(campaign=campaign, context={})  # the k-th tap releases
    release_now(campaign.pk)
    services.record_tap(campaign=campaign, context={})  # reads the release once
    with CaptureQueriesContext(connection) as context:
        services.record_tap(campaign=campaign, context={})
    assert [q["sql"] for q in context.captured_queries if "stories_aggregaterelease" in q["sql"] or "SUM" in q["sql"].upper()] == []


def test_a_tap_and_its_counters_are_one_statement_on_postgresql(client, campaign):
    """No BEGIN and COMMIT of its own: the INSERT and the counter upsert are one atomic statement."""
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement tap is PostgreSQL's (a data-modifying CTE)")
    client.get("/api/v1/counts")
    client.post("/c/metoo/metoo/")  # reads the campaign, the flood switch and releases once
    with CaptureQueriesContext(connection) as context:
        assert type(client)().post("/c/metoo/metoo/", {"kind": "assault", "gender": "woman"}).status_code == 302
    tap_statements = [query["sql"] for query in context.captured_queries if "stories_tap" in query["sql"]]
    assert len(tap_statements) == 1 and "stories_countershard" in tap_statements[0]
    assert not [query for query in context.captured_queries if query["sql"].upper().startswith(("SAVEPOINT", "BEGIN"))]
    from stories import counters

    assert counters.totals_by_campaign()[campaign.pk]["taps"] == Tap.objects.count() == 2
    assert counters.find_drift() == {}


@pytest.fixture
def failing_counter_upsert(transactional_db, monkeypatch):
    """The counters' upsert aimed at a table that does not exist: every count fails, outside any transaction."""
    from stories import counters
    from tests.factories import metoo

    real = counters._upsert

    def broken(campaign_id, deltas):
        sql, params = real(campaign_id, deltas)
        return sql.replace("stories_countershard", "no_such_table", 1), params

    monkeypatch.setattr(counters, "_upsert", broken)
    return metoo()


def test_a_failed_counter_upsert_leaves_no_tap(failing_counter_upsert):
    """The row and its counters commit together: if the counting fails, the tap is not saved either.

    Outside any transaction (autocommit, as a request runs), so two statements would leave the tap.
    """
    from django.db import DatabaseError

    from stories import services

    campaign = failing_counter_upsert
    with pytest.raises(DatabaseError):
        services.record_tap(campaign=campaign, context={})
    assert Tap.objects.count() == 0


def redis_cache_or_skip():
    from django.core.cache import caches
    from django.core.cache.backends.redis import RedisCache

    if not isinstance(caches["default"], RedisCache):
        pytest.skip("the one-round-trip rate limit and flood memory are Redis's (REDIS_URL)")
    return caches["default"]


def command_names(packed) -> list[str]:
    """Return the name of each command in what redis-py writes to the socket (RESP: *n, then $len and each part)."""
    data = b"".join(bytes(part) for part in ([packed] if isinstance(packed, (bytes, str)) else packed))
    data = data.encode() if isinstance(data, str) else data
    names, lines, at = [], data.split(b"\r\n"), 0
    while at < len(lines) and lines[at].startswith(b"*"):
        parts = int(lines[at][1:])
        names.append(lines[at + 2].decode().upper())
        at += 1 + 2 * parts
    return names


@pytest.fixture
def redis_commands(monkeypatch):
    """Record every command written to a Redis socket, however it was sent (redis-py's commands, or by hand)."""
    import redis.connection

    commands = []
    original = redis.connection.Connection.send_packed_command

    def send_packed_command(self, command, *args, **kwargs):
        commands.extend(command_names(command))
        return original(self, command, *args, **kwargs)

    monkeypatch.setattr(redis.connection.Connection, "send_packed_command", send_packed_command)
    return commands


def test_on_redis_the_rate_limit_is_one_round_trip_and_still_refuses(client, settings, redis_commands, rf):
    from config import redis_kept
    from stories.rate_limits import RateLimited, check_rate, check_rate_without_counting

    redis_cache_or_skip()
    settings.RATE_LIMIT_TAPS = "3/h"
    redis_kept.forget()  # a connection an earlier test left behind may have been closed by the server
    warm = rf.post("/c/metoo/metoo/")
    warm.address_hmac = "a-warming-address-hmac"
    check_rate(warm, group="tap", rate_setting="RATE_LIMIT_TAPS")  # this thread's connection: made once, then kept
    request = rf.post("/c/metoo/metoo/")
    request.address_hmac = "an-address-hmac"
    outcomes = []
    for _ in range(4):
        redis_commands.clear()
        try:
            check_rate(request, group="tap", rate_setting="RATE_LIMIT_TAPS")
            outcomes.append("counted")
        except RateLimited as refused:
            outcomes.append("refused")
            assert 1 <= refused.retry_after <= 3600
        assert redis_commands == ["EVALSHA"] or redis_commands == ["EVAL"], redis_commands
    assert outcomes == ["counted", "counted", "counted", "refused"]
    with pytest.raises(RateLimited):  # the looking-only check reads the same counter
        check_rate_without_counting(request, group="tap", rate_setting="RATE_LIMIT_TAPS")
    other = rf.post("/c/metoo/metoo/")
    other.address_hmac = "another-address-hmac"
    check_rate(other, group="tap", rate_setting="RATE_LIMIT_TAPS")  # another address is not affected


def test_on_redis_the_rate_limit_counter_expires_with_its_window(settings, rf):
    from django_ratelimit.core import EXPIRATION_FUDGE

    from stories.rate_limits import check_rate

    cache = redis_cache_or_skip()
    settings.RATE_LIMIT_TAPS = "3/m"
    request = rf.post("/c/metoo/metoo/")
    request.address_hmac = "an-address-hmac"
    check_rate(request, group="tap", rate_setting="RATE_LIMIT_TAPS")
    client = cache._cache.get_client(write=True)
    keys = client.keys(cache.make_key("rl:*"))
    assert len(keys) == 1
    assert 0 < client.ttl(keys[0]) <= 60 + EXPIRATION_FUDGE, "a counter that never expires would block an address for good"


def test_on_redis_the_flood_memory_is_one_round_trip_and_counts_like_the_cache(redis_commands):
    from stories import flood_memory

    redis_cache_or_skip()
    redis_commands.clear()
    flood_memory.remember_submission(text="The same words again", sender="first")
    assert redis_commands in (["EVALSHA"], ["EVAL"]), redis_commands
    flood_memory.remember_submission(text="the same words, again!", sender="first")
    flood_memory.remember_submission(text="The same words again", sender="second")
    assert flood_memory.same_text("The same words again") == flood_memory.SameText(copies=3, senders=2)


# (text, sender) of story posts in a row: repeats by one sender and by several, retyped spacing and case.
FLOOD_POSTS = [("The same words again", "first"), ("the same words, again!", "first"), ("The same words again", "second"),
               ("Other words", "second"), ("The same words again", "third"), ("Other words", "first")]


def flood_and_limit_state(cache) -> dict:
    """Every rate-limit counter and flood-memory count of FLOOD_POSTS in the cache, with whether each expires in time."""
    from stories import flood_memory

    client = cache._cache.get_client(write=True)
    state = {}
    for key in client.keys(cache.make_key("rl:*")):
        state[key] = (int(client.get(key)), 0 < client.ttl(key) <= 3600 + 60)
    window = flood_memory.window_seconds()
    for text, sender in FLOOD_POSTS:
        for key in map(cache.make_key, flood_memory.submission_keys(text=text, sender=sender)):
            if client.exists(key):
                state[key] = (int(client.get(key)), 0 < client.ttl(key) <= window)
    return state


def test_on_redis_the_storys_rate_limit_and_flood_memory_are_one_round_trip_and_count_as_the_two_calls(settings, rf, redis_commands):
    """check_rate_and_remember is check_rate, then remember_submission if under the limit: same counts, same refusals."""
    from stories import flood_memory
    from stories.rate_limits import RateLimited, check_rate, check_rate_and_remember

    cache = redis_cache_or_skip()
    settings.RATE_LIMIT_STORIES = "2/h"  # the third post of an address is refused, and its text not remembered

    def post(text, sender, *, together):
        request = rf.post("/share/")
        request.address_hmac = sender
        try:
            if together:
                redis_commands.clear()
                check_rate_and_remember(request, group="story", rate_setting="RATE_LIMIT_STORIES", text=text)
                assert redis_commands in (["EVAL"], ["EVALSHA"]), redis_commands
            else:
                check_rate(request, group="story", rate_setting="RATE_LIMIT_STORIES")
                flood_memory.remember_submission(text=text, sender=sender)
        except RateLimited as refused:
            assert 1 <= refused.retry_after <= 3600
            return "refused"
        return "counted"

    outcomes, states = {}, {}
    for together in (True, False):
        cache.clear()
        outcomes[together] = [post(text, sender, together=together) for text, sender in FLOOD_POSTS]
        states[together] = flood_and_limit_state(cache)
    assert outcomes[True] == outcomes[False] == ["counted", "counted", "counted", "counted", "counted", "refused"]
    assert states[True] == states[False]
    assert flood_memory.same_text("The same words again") == flood_memory.SameText(copies=4, senders=3)
    assert flood_memory.same_text("Other words") == flood_memory.SameText(copies=1, senders=1), "a refused post is not remembered"


def test_a_flood_memory_that_fails_in_redis_costs_neither_the_count_nor_the_story(client, campaign, settings, caplog):
    from stories import flood_memory

    cache = redis_cache_or_skip()
    text = "It happened at work, more than once."
    copies_key = cache.make_key(flood_memory.submission_keys(text=text, sender="any")[0])
    cache._cache.get_client(write=True).rpush(copies_key, "not a counter")  # INCR on it fails (WRONGTYPE)
    settings.RATE_LIMIT_STORIES = "1/h"
    assert client.post("/share/", {"campaign": "metoo", "text": text, "anonymity": "anonymous"}).status_code == 200
    assert Story.objects.count() == 1
    assert "flood memory unavailable" in caplog.text
    assert client.post("/share/", {"campaign": "metoo", "text": "Again.", "anonymity": "anonymous"}).status_code == 429, "counted"


def test_a_release_check_that_fails_after_a_tap_does_not_undo_or_refuse_it(transactional_db, monkeypatch):
    """The tap is committed before its release check: an error there must not answer 500 (a second tap would follow)."""
    from django.db import DatabaseError

    from stories import counters, releases, services
    from tests.factories import metoo

    campaign = metoo()

    def unreachable(campaign_id):
        raise DatabaseError("connection lost")

    monkeypatch.setattr(releases, "release_if_due", unreachable)
    services.record_tap(campaign=campaign, context={})
    assert Tap.objects.count() == 1
    assert counters.totals_by_campaign()[campaign.pk]["taps"] == 1


def test_the_flood_switch_is_read_once_a_second_and_at_once_when_saved_here(client, campaign, monkeypatch):
    from django.core.cache import cache

    from stories import forms
    from stories.models import FloodSwitch

    now = [1000.0]
    monkeypatch.setattr(forms, "_clock", lambda: now[0])
    FloodSwitch.objects.update_or_create(pk=1, defaults={"proof_of_work": False})
    assert client.post("/c/metoo/metoo/").status_code == 302  # off; this process read it
    FloodSwitch.objects.filter(pk=1).update(proof_of_work=True)  # another process switches it on
    cache.delete("flood-switch")
    assert not forms.proof_of_work_required(), "this process asks again within a second"
    now[0] += forms.FLOOD_SWITCH_MEMO_SECONDS
    assert forms.proof_of_work_required()
    assert type(client)().post("/c/metoo/metoo/").status_code == 400, "a tap without proof is refused"
    FloodSwitch.objects.update_or_create(pk=1, defaults={"proof_of_work": False})  # saved here: at once
    cache.delete("flood-switch")
    assert not forms.proof_of_work_required()
    assert Tap.objects.count() == 1


def test_a_story_and_its_count_are_one_statement_on_postgresql(client, campaign):
    """The story's INSERT and its "pending" count in one statement; the crisis check writes into the same row."""
    if connection.vendor != "postgresql":
        pytest.skip("the one-statement story is PostgreSQL's (a data-modifying CTE)")
    from stories import counters

    client.get("/api/v1/counts")
    with CaptureQueriesContext(connection) as context:
        response = client.post("/share/", {"campaign": "metoo", "text": "I want to die", "anonymity": "anonymous"})
    assert response.status_code == 200
    story_statements = [query["sql"] for query in context.captured_queries if "stories_story" in query["sql"]]
    assert len(story_statements) == 1 and "stories_countershard" in story_statements[0], story_statements
    assert not [query for query in context.captured_queries if query["sql"].upper().startswith("UPDATE")]
    assert Story.objects.get().crisis_help_shown is True  # written with the row, before the page rendered
    assert counters.totals_by_campaign()[campaign.pk]["stories_pending"] == 1
    assert counters.find_drift() == {}


def test_a_story_sent_twice_is_saved_and_counted_once(client, campaign):
    from stories import counters

    form = {"campaign": "metoo", "text": "It happened at work.", "anonymity": "anonymous", "submission": "one-form"}
    assert client.post("/share/", form).status_code == 200
    assert client.post("/share/", form).status_code == 200  # Back, then Send again
    assert Story.objects.count() == 1
    assert counters.totals_by_campaign()[campaign.pk]["stories_pending"] == 1
    assert counters.find_drift() == {}


def test_a_failed_counter_upsert_leaves_no_story(failing_counter_upsert):
    """Outside any transaction (autocommit, as a request runs): the story is saved with its count or not at all."""
    from django.db import DatabaseError

    from stories import services

    campaign = failing_counter_upsert
    with pytest.raises(DatabaseError):
        services.submit_story(campaign=campaign, text="It happened at work.", anonymity="anonymous")
    assert Story.objects.count() == 0


def test_a_story_sent_twice_inside_a_transaction_leaves_the_transaction_usable(campaign):
    """Inside a caller's transaction, the failed INSERT of a repeated form rolls back to a savepoint only."""
    from stories import services

    first = services.submit_story(campaign=campaign, text="It happened.", anonymity="anonymous", submission_token="t")
    again = services.submit_story(campaign=campaign, text="It happened.", anonymity="anonymous", submission_token="t")
    assert again.repeated and again.story.pk == first.story.pk and again.key is None
    assert Story.objects.count() == 1  # the transaction still answers queries


def test_a_story_is_queued_for_screening_once_after_it_is_saved(transactional_db, monkeypatch):
    """In autocommit the story is committed by its own statement: the task is sent at once, once."""
    from stories import services
    from tests.factories import metoo

    sent = []
    monkeypatch.setattr(services, "queue_screening", lambda story_id: (sent.append((story_id, Story.objects.filter(pk=story_id).exists())), True)[1])
    submitted = services.submit_story(campaign=metoo(), text="It happened at work.", anonymity="anonymous")
    assert sent == [(submitted.story.pk, True)]


def test_the_tap_s_redirect_is_the_campaign_s_url_under_any_script_prefix(client, campaign):
    """The URL is reversed once per process, but per script prefix: a site under /chorus/ sends taps there."""
    from django.urls import set_script_prefix

    assert client.post("/c/metoo/metoo/")["Location"] == "/c/metoo/"
    set_script_prefix("/chorus/")  # what the WSGI handler sets from SCRIPT_NAME (the test client does not)
    try:
        answer = type(client)().post("/c/metoo/metoo/")
    finally:
        set_script_prefix("/")
    assert answer.status_code == 302 and answer["Location"] == "/chorus/c/metoo/"
    assert type(client)().post("/c/metoo/metoo/")["Location"] == "/c/metoo/"


def test_remembering_a_submission_that_fails_in_redis_logs_and_still_marks_its_sender(db, caplog):
    """flood_memory's own script (the same Lua as the story POST's): a failed command is logged, never raised."""
    from stories import flood_memory

    cache = redis_cache_or_skip()
    cache.clear()
    text = "Words that were said to me."
    copies_key = cache.make_key(flood_memory.submission_keys(text=text, sender="one")[0])
    cache._cache.get_client(write=True).rpush(copies_key, "not a counter")  # INCR on it fails (WRONGTYPE)
    flood_memory.remember_submission(text=text, sender="one")
    assert "flood memory unavailable" in caplog.text
    assert flood_memory.same_text(text).senders == 1


@pytest.fixture
def checks_asked(transactional_db, monkeypatch):
    """The health checks (SELECT 1) Django asks of the connection."""
    if connection.vendor != "postgresql":
        pytest.skip("the server-bound statement is PostgreSQL's")
    checks = []
    usable = connection.is_usable
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append("SELECT 1") or usable())
    return checks


@pytest.mark.parametrize("post", ["tap", "story"])
def test_a_post_asks_no_health_check_while_the_server_has_said_nothing_and_is_answered_after_it_ended_the_connection(
    client, checks_asked, post
):
    from django.db import close_old_connections

    from tests.config.test_prepared_statements import end_on_the_server
    from tests.factories import metoo

    metoo()

    def send():
        close_old_connections()  # what a new request does: its first statement checks the connection first
        if post == "tap":
            return type(client)().post("/c/metoo/metoo/").status_code == 302
        return client.post("/share/", {"campaign": "metoo", "text": "It happened at work.", "anonymity": "anonymous"}).status_code == 200

    assert send()
    checks_asked.clear()
    assert send() and checks_asked == []  # nothing on the socket: the check could only have succeeded
    pid = connection.connection.info.backend_pid
    end_on_the_server(pid)
    assert send()  # checked, replaced, answered
    assert checks_asked == ["SELECT 1"] and connection.connection.info.backend_pid != pid
    assert (Tap if post == "tap" else Story).objects.count() == 3
    from stories import counters

    assert counters.find_drift() == {}


def kill_kept_connection(cache) -> None:
    """End, from the server's side, the connection config/redis_kept.py keeps (as a Redis restart or timeout does)."""
    from config import redis_kept

    kept = redis_kept.kept_connection(cache._cache.get_client(write=True))
    assert kept is not None, "the count went out on the kept connection"
    kept.send_command("CLIENT", "ID")
    cache._cache.get_client(write=True).client_kill_filter(_id=int(kept.read_response()))


def test_on_redis_the_rate_limit_counts_on_after_its_connection_is_lost_or_its_script_forgotten(settings, rf):
    """A dead kept connection is replaced and a server without the script gets EVAL: each request counted once."""
    from stories.rate_limits import RateLimited, check_rate

    cache = redis_cache_or_skip()
    settings.RATE_LIMIT_TAPS = "4/h"
    request = rf.post("/c/metoo/metoo/")
    request.address_hmac = "an-address-hmac"
    check_rate(request, group="tap", rate_setting="RATE_LIMIT_TAPS")
    kill_kept_connection(cache)
    check_rate(request, group="tap", rate_setting="RATE_LIMIT_TAPS")
    cache._cache.get_client(write=True).script_flush()  # as a restarted server: it knows no script
    check_rate(request, group="tap", rate_setting="RATE_LIMIT_TAPS")
    check_rate(request, group="tap", rate_setting="RATE_LIMIT_TAPS")
    with pytest.raises(RateLimited):
        check_rate(request, group="tap", rate_setting="RATE_LIMIT_TAPS")
    client = cache._cache.get_client(write=True)
    (key,) = client.keys(cache.make_key("rl:*"))
    assert int(client.get(key)) == 5  # four counted, the fifth refused: none lost, none twice


def test_on_redis_a_story_keeps_one_connection_for_the_cache_and_one_for_the_broker(client, campaign, redis_commands):
    """Its rate limit and its screening task go to two pools: each keeps its connection (no new one per post)."""
    from config import redis_kept

    redis_cache_or_skip()
    redis_kept.forget()
    type(client)().post("/share/", {"campaign": "metoo", "text": "It happened on a bus.", "anonymity": "anonymous"})
    redis_commands.clear()
    for text in ("It happened at work.", "It happened at school.", "It happened at home."):
        assert type(client)().post("/share/", {"campaign": "metoo", "text": text, "anonymity": "anonymous"}).status_code == 200
    connections = list(redis_kept._kept.connections.values())
    assert len(connections) <= 2
    assert "SELECT" not in redis_commands and "HELLO" not in redis_commands, "a new connection for a post"
    assert redis_commands.count("EVALSHA") == 3, redis_commands


def test_on_redis_the_rate_limit_fails_closed_when_redis_goes_away(settings, rf, monkeypatch):
    """Neither the kept connection nor redis-py's own path can count: posting pauses (503), never passes uncounted."""
    import redis.connection
    from redis.exceptions import ConnectionError as RedisConnectionError

    from stories.rate_limits import LimitsUnavailable, check_rate

    redis_cache_or_skip()
    request = rf.post("/c/metoo/metoo/")
    request.address_hmac = "an-address-hmac"
    check_rate(request, group="tap", rate_setting="RATE_LIMIT_TAPS")  # the kept connection is open

    def gone(self, *args, **kwargs):
        raise RedisConnectionError("Connection refused")

    with monkeypatch.context() as patched, pytest.raises(LimitsUnavailable):
        patched.setattr(redis.connection.Connection, "send_packed_command", gone)
        check_rate(request, group="tap", rate_setting="RATE_LIMIT_TAPS")


QUICK_FORM_BODIES = [
    b"website=", b"website=&kind=assault&setting=home", b"kind=assault&kind=harassment",
    b"kind=harass%6Dent", b"kind=a+b", b"kind=%00", b"kind=%E2%80%94", b"kind=%FF", b"kind==x", b"kind=&=x",
    b"kind", b"kind=x&&setting=y", b"k%69nd=assault", b"kind=assault;setting=home", b"a.b_c-d~=x", b"website=http%3A%2F%2Fspam",
    "kind=caf\u00e9".encode(), b"&".join(b"f%d=x" % n for n in range(17)), b"kind=" + b"x" * 3000,
]


@pytest.mark.parametrize("body", QUICK_FORM_BODIES)
def test_the_quick_form_reader_reads_what_request_post_reads(rf, body):
    """stories.forms.quick_form_fields answers as request.POST.get would, or leaves the body to Django."""
    from stories.forms import quick_form_fields

    request = rf.post("/c/metoo/metoo/", data=body, content_type="application/x-www-form-urlencoded")
    fields = quick_form_fields(request)
    posted = rf.post("/c/metoo/metoo/", data=body, content_type="application/x-www-form-urlencoded").POST
    if fields is not None:
        assert fields == {name: posted.get(name) for name in posted}
    plain = body.isascii() and len(body) <= 2048 and body.count(b"&") < 16 and b"%69" not in body
    plain = plain and all(b"=" in pair and not pair.startswith(b"=") for pair in body.split(b"&"))
    assert (fields is not None) == plain, "a plain small form is read here, anything else by Django"


def test_the_quick_form_reader_leaves_other_encodings_to_django(rf):
    from stories.forms import quick_form_fields

    assert quick_form_fields(rf.post("/c/metoo/metoo/", {"kind": "assault"})) is None  # multipart
    latin = rf.post("/c/metoo/metoo/", data=b"kind=assault", content_type="application/x-www-form-urlencoded; charset=latin-1")
    assert quick_form_fields(latin) is None


def test_a_tap_read_quickly_still_refuses_a_filled_honeypot_and_a_forged_choice(client, campaign):
    form = "application/x-www-form-urlencoded"
    assert client.post("/c/metoo/metoo/", "website=http%3A%2F%2Fspam&kind=assault", content_type=form).status_code == 400
    assert type(client)().post("/c/metoo/metoo/", "kind=moon", content_type=form).status_code == 400
    assert type(client)().post("/c/metoo/metoo/", "kind=assault&gender=woman", content_type=form).status_code == 302
    assert list(Tap.objects.values_list("kind", "gender")) == [("assault", "woman")]


@pytest.mark.parametrize("make", ["tap", "tap_naive_hour", "story", "story_signed_in"])
def test_a_rows_insert_parameters_are_what_its_fields_would_give(db, make, settings):
    """counters._insert_params reads most values as they are: the same list as each field's get_db_prep_save."""
    import datetime
    import warnings

    from django.utils import timezone

    from stories import counters
    from tests.factories import UserFactory, metoo

    if connection.vendor != "postgresql":
        pytest.skip("the one-statement INSERT is PostgreSQL's")
    campaign = metoo()
    if make.startswith("tap"):
        hour = datetime.datetime(2026, 12, 2, 16) if make == "tap_naive_hour" else counters.truncate_to_hour(timezone.now())
        row = Tap(campaign=campaign, hour=hour, kind="assault", gender="woman")
    else:
        author = UserFactory() if make == "story_signed_in" else None
        row = Story(campaign=campaign, text="It happened at work.", anonymity="anonymous", author=author, status="received",
                    key_hmac="ab" * 32, context_public=True, screening_queued_at=timezone.now(), kind="assault")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)  # the naive hour's warning, from both sides
        expected = [field.get_db_prep_save(field.pre_save(row, add=True), connection) for field in type(row)._meta.concrete_fields]
        got = counters._insert_params(row, connection)
    updated_at = [n for n, field in enumerate(type(row)._meta.concrete_fields) if getattr(field, "auto_now", False)]
    for n in updated_at:  # pre_save sets it to now again: compare it to within the call
        assert abs(got[n] - expected[n]) < datetime.timedelta(seconds=5)
        got[n] = expected[n]
    assert got == expected
    assert [type(value) for value in got] == [type(value) for value in expected]


def test_a_kept_connection_per_pool_survives_commands_to_another_pool(settings):
    """A story sends to the cache's pool and to the broker's, in turn: each keeps its own connection."""
    import redis

    from config import redis_kept

    cache = redis_cache_or_skip()
    first = cache._cache.get_client(write=True)
    second = redis.Redis.from_url(settings.REAL_BROKER_URL if settings.REAL_BROKER_URL.startswith("redis") else settings.REDIS_URL)
    assert redis_kept.execute(first, "PING") and redis_kept.execute(second, "PING")
    kept = redis_kept.kept_connection(first), redis_kept.kept_connection(second)
    assert None not in kept and kept[0] is not kept[1]
    for _ in range(3):
        redis_kept.execute(first, "PING")
        redis_kept.execute(second, "PING")
    assert (redis_kept.kept_connection(first), redis_kept.kept_connection(second)) == kept
    second.close()
