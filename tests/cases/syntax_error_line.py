print('this never runs: the file is compiled first')
x = 1
if x
    print(x)
