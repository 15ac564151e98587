"""A malformed public id never reaches the database: every such URL is a 404."""

import pytest

from tests.moderation.helpers import moderator

ROUTES = [
    ("get", "/stories/{}/"), ("post", "/stories/{}/believe/"), ("post", "/stories/{}/flag/"),
    ("get", "/moderation/story/{}/"), ("post", "/moderation/story/{}/claim/"),
    ("get", "/account/stories/{}/"), ("post", "/account/stories/{}/withdraw/"),
]


@pytest.mark.parametrize(("method", "route"), ROUTES)
@pytest.mark.parametrize("bad_id", ["abc%00def", "x" * 200, "a.b"])
def test_it_is_a_404(client, db, method, route, bad_id):
    client.force_login(moderator("senior moderator"))
    response = getattr(client, method)(route.format(bad_id))
    assert response.status_code == 404
