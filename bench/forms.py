"""The POST bodies the load sends, and the files the wrk Lua script reads them from."""

import secrets
import urllib.parse
from pathlib import Path

TAP_CONTEXTS = (
    "kind=harassment&setting=workplace&age_group=25plus&relation=authority&told_before=no&gender=woman",
    "kind=&setting=&age_group=&relation=&told_before=&gender=",
    "kind=assault&setting=home&age_group=13-17&relation=family&told_before=&gender=",
    "kind=both&setting=school&age_group=18-24&relation=acquaintance&told_before=yes&gender=man",
)


def form_bodies(kind: str) -> list[str]:
    """Return url-encoded form templates ({TOKEN}, {NONCE} filled in per request by the Lua script).

    The tap carries no token: its form has none (Fetch Metadata guards it, config/cross_origin.py).
    """
    from bench.texts import story_texts

    quote = urllib.parse.quote_plus
    if kind == "insert":
        return ["csrfmiddlewaretoken={TOKEN}"]
    if kind == "tap":
        return [f"website=&{context}" for context in TAP_CONTEXTS]
    texts = story_texts(300, 5, seed=7) + story_texts(1000, 4, seed=7) + story_texts(2000, 1, seed=7)
    return [
        f"csrfmiddlewaretoken={{TOKEN}}&campaign=metoo&text={quote(text)}&anonymity=anonymous&display_name="
        f"&submission={{NONCE}}&website=&kind=harassment&setting=workplace&age_group=&relation=&told_before=&gender="
        for text in texts
    ]


def fill(body: str, token: str) -> str:
    return body.replace("{TOKEN}", token).replace("{NONCE}", secrets.token_urlsafe(12))


def post_headers(cookie: str, port: int) -> dict[str, str]:
    """What a browser sends with a same-origin form post (the Lua script sends the same)."""
    return {
        "Cookie": f"csrftoken={cookie}", "Content-Type": "application/x-www-form-urlencoded",
        "Origin": f"http://127.0.0.1:{port}", "Sec-Fetch-Site": "same-origin",
    }


def write_form_files(data_dir: Path, pairs) -> dict:
    """Write the (cookie, token) pairs and each body family for wrk; return their paths and first bodies."""
    data_dir.mkdir(parents=True, exist_ok=True)
    files = {"pairs": data_dir / "csrf-pairs.tsv"}
    files["pairs"].write_text("".join(f"{cookie}\t{token}\n" for cookie, token in pairs))
    for kind in ("insert", "tap", "story"):
        bodies = form_bodies(kind)
        files[kind] = data_dir / f"bodies-{kind}.txt"
        files[kind].write_text("\n".join(bodies) + "\n")
        files[kind + "_first"] = bodies[0]
    return files
