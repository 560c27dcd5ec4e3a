# A mix in the spirit of pystone: records, globals, branches, string compares and small calls.
IDENT1, IDENT2, IDENT3, IDENT4, IDENT5 = range(1, 6)


class Record:
    def __init__(self, ptr=None, discr=0, enum=0, intcomp=0, strcomp=""):
        self.ptr = ptr
        self.discr = discr
        self.enum = enum
        self.intcomp = intcomp
        self.strcomp = strcomp

    def copy(self):
        return Record(self.ptr, self.discr, self.enum, self.intcomp, self.strcomp)


glob_int = 0
glob_bool = False
glob_char1 = "A"
glob_char2 = "B"
array1 = [0] * 51
array2 = [[0] * 51 for _ in range(51)]


def func1(c1, c2):
    return IDENT1 if c1 != c2 else IDENT2


def func2(s1, s2):
    loc = 1
    while loc <= 1:
        if func1(s1[loc], s2[loc + 1]) == IDENT1:
            loc += 1
    if s1 > s2:
        return True
    return False


def proc7(a, b):
    return a + b + 2


def proc8(arr1, arr2, i1, i2):
    global glob_int
    loc = i1 + 5
    arr1[loc] = i2
    arr1[loc + 1] = arr1[loc]
    arr1[loc + 30] = loc
    for idx in range(loc, loc + 2):
        arr2[loc][idx] = loc
    arr2[loc][loc - 1] += 1
    arr2[loc + 20][loc] = arr1[loc]
    glob_int = 5


def proc3(rec):
    global glob_int
    if rec.ptr is not None:
        rec.ptr = rec.ptr.ptr
    rec.intcomp = proc7(10, glob_int)
    return rec


def run(loops):
    global glob_char1, glob_char2, glob_bool
    glob = Record(None, IDENT1, IDENT3, 40, "DHRYSTONE PROGRAM, SOME STRING")
    glob = Record(glob, IDENT1, IDENT3, 40, "DHRYSTONE PROGRAM, SOME STRING")
    s1 = "DHRYSTONE PROGRAM, 1'ST STRING"
    checksum = 0
    for i in range(loops):
        s2 = "DHRYSTONE PROGRAM, 2'ND STRING"
        glob_bool = not func2(s1, s2)
        i1, i2 = 2, 3
        while i1 < i2:
            i3 = 5 * i1 - i2
            i3 = proc7(i1, i2)
            i1 += 1
        proc8(array1, array2, i1, i3)
        rec = proc3(glob.copy())
        for ch in "ABC":
            if ch == glob_char2:
                glob_char1 = ch
        checksum += rec.intcomp + i3 + array2[8][7] % 7
    return checksum


print(run(8000))
