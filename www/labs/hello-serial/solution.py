print("Hello, world!")

for n in range(1, 6):
    print(n)

total = 0
for n in range(1, 101):
    total += n
print("Sum:", total)
