# os as on MicroPython's ESP32 port: the file system functions (natives of _fs, over the
# board's flash), sep, uname() and urandom() (a generator the board seeds: no entropy source
# is behind the HAL yet).
from _fs import (
    listdir,
    ilistdir,
    mkdir,
    rmdir,
    remove,
    rename,
    stat,
    statvfs,
    getcwd,
    chdir,
    sync,
    urandom,
)

sep = "/"


class _uname_result(tuple):
    # Printed like MicroPython's attrtuple: (sysname='esp32', ...).
    _fields = ("sysname", "nodename", "release", "version", "machine")

    def __getattr__(self, name):
        if name in self._fields:
            return self[self._fields.index(name)]
        raise AttributeError(name)

    def __repr__(self):
        return "(" + ", ".join("%s=%r" % (f, v) for f, v in zip(self._fields, self)) + ")"


def uname():
    return _uname_result(
        ("esp32", "esp32", "1.24.0", "v1.24.0 (esprit)", "Generic ESP32 module with ESP32")
    )
