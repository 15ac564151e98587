"""The Chorus benchmark: `python -m bench` (see bench/README.md).

Also a tiny Django app, installed only by bench/settings.py, that serves
the yardstick views. No other app imports this package.
"""
