# hashlib: sha256, sha1 and md5 as MicroPython has them (update, digest; no hexdigest: use
# binascii.hexlify). The hashing is native (_hashlib, vm/src/modules/hashlib/); the state is
# a bytearray this object holds. As in MicroPython, a hash is final once digest() is called.


import _hashlib


class _hash:
    def __init__(self, data=None):
        self._state = _hashlib.new(self._name)
        self._final = False
        if data is not None:
            self.update(data)

    def update(self, data):
        if self._final:
            raise ValueError('hash is final')
        _hashlib.update(self._name, self._state, data)

    def digest(self):
        if self._final:
            raise ValueError('hash is final')
        self._final = True
        return _hashlib.digest(self._name, self._state)


class sha256(_hash):
    _name = 'sha256'


class sha1(_hash):
    _name = 'sha1'


class md5(_hash):
    _name = 'md5'
