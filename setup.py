"""The package's one C module: PyEval_CallObject for durable_rules on Python 3.13
(engine/durable_compat.c). Everything else is in pyproject.toml."""
from setuptools import Extension, setup

setup(
    ext_modules=[Extension("engine._durable_compat", ["engine/durable_compat.c"],
                           py_limited_api=True, define_macros=[("Py_LIMITED_API", "0x030B0000")])],
    # One wheel for 3.11 and later: the module uses only the stable ABI.
    options={"bdist_wheel": {"py_limited_api": "cp311"}},
)
