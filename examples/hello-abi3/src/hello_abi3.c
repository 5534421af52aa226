/*
 * A module of the stable ABI (limited-api 3.9) that calls nothing but
 * Python's C API: no C library function, so it builds even with a
 * compiler that has no C runtime for its target (Windows ARM64 with
 * clang alone, see docs/windows.md). The functions report facts of the
 * machine it was compiled for, so a test can see the compile was for
 * the target and not for the build machine.
 */
#include <Python.h>

static PyObject *add(PyObject *self, PyObject *args)
{
	long a, b;

	(void)self;
	if (!PyArg_ParseTuple(args, "ll", &a, &b))
		return NULL;
	return PyLong_FromLong(a + b);
}

/* 32 on Windows (LLP64) even for 64-bit machines; 64 on 64-bit Linux. */
static PyObject *long_bits(PyObject *self, PyObject *unused)
{
	(void)self;
	(void)unused;
	return PyLong_FromLong((long)(8 * sizeof(long)));
}

static PyObject *pointer_bits(PyObject *self, PyObject *unused)
{
	(void)self;
	(void)unused;
	return PyLong_FromLong((long)(8 * sizeof(void *)));
}

static PyObject *greet(PyObject *self, PyObject *name)
{
	(void)self;
	return PyUnicode_FromFormat("hello, %U!", name);
}

static PyMethodDef methods[] = {
	{ "add", add, METH_VARARGS, "Return a + b." },
	{ "long_bits", long_bits, METH_NOARGS, "The width of C long." },
	{ "pointer_bits", pointer_bits, METH_NOARGS, "The width of a pointer." },
	{ "greet", greet, METH_O, "Return a greeting for a name." },
	{ NULL, NULL, 0, NULL },
};

static struct PyModuleDef module = {
	PyModuleDef_HEAD_INIT, "hello_abi3", "wheelwright's stable-ABI example.", -1,
	methods, NULL, NULL, NULL, NULL,
};

PyMODINIT_FUNC PyInit_hello_abi3(void)
{
	return PyModule_Create(&module);
}
