"""Every public function and method of analysis/ says what it takes and gives (numpydoc sections)."""
import importlib
import inspect
import pkgutil

import analysis


def _public_callables():
    for info in pkgutil.walk_packages(analysis.__path__, "analysis."):
        module = importlib.import_module(info.name)
        for name, obj in vars(module).items():
            if name.startswith("_") or getattr(obj, "__module__", None) != module.__name__:
                continue
            if inspect.isfunction(obj):
                yield f"{module.__name__}.{name}", obj
            elif inspect.isclass(obj):
                for attribute, member in vars(obj).items():
                    if attribute.startswith("_"):
                        continue
                    if isinstance(member, (staticmethod, classmethod)):
                        member = member.__func__
                    if inspect.isfunction(member) or isinstance(member, property):
                        # overrides inherit the documentation of the method they override
                        yield f"{module.__name__}.{name}.{attribute}", getattr(obj, attribute) if not isinstance(
                            member, property) else member


def test_public_functions_have_numpydoc_sections():
    found = dict(_public_callables())
    assert len(found) > 100 and "analysis.patterns.scan" in found and "analysis.pair_kinds.numeric_numeric.NumericByNumeric.test" in found
    missing = [name for name, obj in found.items()
               if not any(f"{section}\n{'-' * len(section)}" in (inspect.getdoc(obj) or "")
                          for section in ("Parameters", "Returns"))]
    assert missing == []
