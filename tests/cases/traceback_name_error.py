print(1)
if True:
    undefined_thing
