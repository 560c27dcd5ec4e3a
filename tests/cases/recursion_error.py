# Unbounded recursion raises an exception the program can catch; the VM keeps working.
def down(n):
    return down(n + 1)

try:
    down(0)
except RuntimeError as e:
    print(type(e).__name__, e)
print(isinstance(RecursionError(), RuntimeError))

def depth(n):
    if n == 0:
        return 0
    return 1 + depth(n - 1)

print('still alive', depth(200))

class Node:
    def __init__(self, child):
        self.child = child

    def __repr__(self):
        return 'Node(' + repr(self.child) + ')'

chain = None
for i in range(500):
    chain = Node(chain)
try:
    repr(chain)
except RuntimeError as e:
    print('deep repr:', type(e).__name__)
