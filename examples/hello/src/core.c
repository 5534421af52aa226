#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "greet.h"

static PyObject *greet(PyObject *self, PyObject *args)
{
	const char *name;
	char buf[256];

	(void)self;
	if (!PyArg_ParseTuple(args, "s", &name))
		return NULL;
	hello_greet(buf, sizeof(buf), name);
	return PyUnicode_FromString(buf);
}

/* The Python version this module was compiled against, as PY_VERSION_HEX. */
static PyObject *built_for(PyObject *self, PyObject *unused)
{
	(void)self;
	(void)unused;
	return PyLong_FromLong(PY_VERSION_HEX);
}

static PyMethodDef methods[] = {
	{ "greet", greet, METH_VARARGS, "Return a greeting for a name." },
	{ "built_for", built_for, METH_NOARGS, "PY_VERSION_HEX at compile time." },
	{ NULL, NULL, 0, NULL },
};

static struct PyModuleDef module = {
	PyModuleDef_HEAD_INIT, "_core", "wheelwright's example module.", -1,
	methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit__core(void)
{
	return PyModule_Create(&module);
}
