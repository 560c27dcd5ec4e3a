# File objects over the file-system natives of _fs: FileIO (binary) and TextIOWrapper, named
# and behaving as MicroPython's LittleFS files (extmod/vfs_lfsx_file.c). A closed file raises
# ValueError with no message; `with` closes; iterating yields lines.
import _fs


class FileIO:
    _text = False

    def __init__(self, handle):
        self._h = handle

    def __repr__(self):
        return "<io.%s>" % type(self).__name__

    def _handle(self):
        if self._h is None:
            raise ValueError
        return self._h

    def read(self, size=-1):
        return _fs.read(self._handle(), size, self._text)

    def readinto(self, buf, size=-1):
        return _fs.readinto(self._handle(), buf, size)

    def readline(self, size=-1):
        return _fs.readline(self._handle(), size, self._text)

    def readlines(self):
        lines = []
        while True:
            line = self.readline()
            if not line:
                return lines
            lines.append(line)

    def write(self, data):
        return _fs.write(self._handle(), data)

    def seek(self, offset, whence=0):
        return _fs.seek(self._handle(), offset, whence)

    def tell(self):
        return _fs.seek(self._handle(), 0, 1)

    def flush(self):
        _fs.flush(self._handle())

    def close(self):
        h = self._h
        if h is not None:
            self._h = None
            _fs.close(h)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __iter__(self):
        return self

    def __next__(self):
        line = self.readline()
        if not line:
            raise StopIteration
        return line


class TextIOWrapper(FileIO):
    _text = True
