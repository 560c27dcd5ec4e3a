def inner(x):
    return 10 // x

def outer(x):
    print('calling inner')
    return inner(x)

outer(0)
print('not reached')
