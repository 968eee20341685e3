/* PyEval_CallObject for durable_rules 2.0.28 on Python 3.13 and later.
 *
 * durable_rules' engine (its last release, 2.0.28) calls PyEval_CallObject,
 * which Python 3.13 removed from the C API; built against 3.13 headers the
 * engine keeps the call as an undefined symbol and fails at import.  This
 * module exports the symbol, calling PyObject_CallObject as 3.12's macro did;
 * engine/durable_support.py loads it into the global symbol table before
 * durable_rules_engine is imported.  Built against the stable ABI (3.11), so
 * one wheel serves 3.11 to 3.13.
 *
 * Before 3.13 the name is only a macro of the headers, never a symbol, so
 * the function is defined whichever headers build it; it is loaded only on
 * 3.13 and later.
 */
#include <Python.h>

#undef PyEval_CallObject
PyAPI_FUNC(PyObject *) PyEval_CallObject(PyObject *callable, PyObject *args);

PyObject *PyEval_CallObject(PyObject *callable, PyObject *args)
{
    return PyObject_CallObject(callable, args);
}

static struct PyModuleDef durable_compat_module = {
    PyModuleDef_HEAD_INIT, "engine._durable_compat",
    "PyEval_CallObject for durable_rules 2.0.28 on Python 3.13 and later.", -1, NULL,
};

PyMODINIT_FUNC PyInit__durable_compat(void)
{
    return PyModule_Create(&durable_compat_module);
}
