"""hello: wheelwright's example package."""
from hello._core import built_for, greet

__all__ = ["greet", "built_for"]
