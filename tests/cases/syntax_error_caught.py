# SyntaxError raised by exec() and eval() can be caught, and the program goes on.
sources = ['x = (1,\n2,\n+)', 'def f(:\n  pass', 'a = 1\nb = = 2', '"unterminated']
for source in sources:
    try:
        exec(source)
        print('compiled?!')
    except SyntaxError:
        print('SyntaxError')
try:
    eval('1 +')
except SyntaxError:
    print('SyntaxError from eval')
print(eval('1 + 2 * 3'), 'after the errors')
