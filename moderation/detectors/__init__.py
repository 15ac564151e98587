"""The screening detectors, one module per kind of finding; `assemble.screen_text` runs them all.

Each detector takes the NFC-normalised story text and returns `Signal`s whose spans index it and
whose reason tells a moderator what was found without quoting it.
"""
