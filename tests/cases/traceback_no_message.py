def check(ok):
    assert ok

check(True)
print('first check passed')
check(False)
