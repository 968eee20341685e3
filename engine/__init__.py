"""cchc-check: checks Vietnamese CCHC plans against NQ 76/NQ-CP and the plan criteria."""
from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("cchc-check")
except PackageNotFoundError:  # running from a checkout that was never installed
    __version__ = "0.0.0+unknown"
