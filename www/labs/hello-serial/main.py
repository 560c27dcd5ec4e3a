# Lab: Hello, serial
# Everything print() writes goes to the serial console.

# 1. Print "Hello, world!"

# 2. Print the numbers 1 to 5, one per line (use a for loop and range)

# 3. Print "Sum: " followed by the sum of the numbers 1 to 100
