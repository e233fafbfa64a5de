"""The install's build hook: compile the hot modules' copies in an editable install (ledgerlang/native).

An editable install runs the sources in this tree, so the copies are built
beside them, in `__pycache__`, where ledgerlang's import finder looks. A
failure to compile leaves the install as it is, pure Python and slower: it is
reported, never fatal. A wheel stays pure Python; `python -m ledgerlang.native`
compiles the copies of an installed one.
"""

from __future__ import annotations

import sys

from hatchling.builders.hooks.plugin.interface import BuildHookInterface


class NativeCopies(BuildHookInterface):
    def initialize(self, version: str, build_data: dict) -> None:
        if self.target_name != "wheel" or version != "editable":
            return
        sys.path.insert(0, self.root)
        try:
            from ledgerlang.native import pure
            from ledgerlang.native.__main__ import build

            if not pure():  # LEDGERLANG_PURE=1 at install: nothing to compile
                build(say=lambda text: print(f"ledgerlang: {text}", file=sys.stderr))
        except Exception as exc:  # noqa: BLE001 -- a compiler's or Cython's failure is not the install's
            print(f"ledgerlang: the hot modules were not compiled ({type(exc).__name__}: {exc}); "
                  "ledgerlang runs the same, slower. `python -m ledgerlang.native` tries again.", file=sys.stderr)
        finally:  # the build goes on as if ledgerlang had never been imported here
            sys.path.remove(self.root)
            sys.meta_path[:] = [f for f in sys.meta_path if getattr(f, "__module__", "") != "ledgerlang.native"]
            for name in [name for name in sys.modules if name == "ledgerlang" or name.startswith("ledgerlang.")]:
                del sys.modules[name]
