print("Hello world")
for n in range(1, 6):
    print(n)
print("Sum:", sum(range(1, 101)))
