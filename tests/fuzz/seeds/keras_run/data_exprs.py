# NumPy data expressions and Python printing, against what NumPy and Python print.
# expect-rc: 0
# expect-out: [0.   0.25 0.5  0.75 1.  ]
# expect-out: [0 2 4 6 8]
# expect-out: [[1. 1. 1.]
# expect-out:  [1. 1. 1.]]
# expect-out: [0. 0. 0. 0.]
# expect-out: (3, 4) 12 2
# expect-out: [4 5 6 7]
# expect-out: [ 2  6 10]
# expect-out: [[ 1  3]
# expect-out: 0.1 0.30000000000000004 1e-05 3.0 7 -2 2 8 1024
# expect-out: (2, 5) (5,) (10, 1)
# expect-out: |  3.14|left  |0042|1,234,567|12.5%|1.23e+04|
# expect-out: [0.5488135  0.71518934 0.60276335]
# expect-out: [1 2 3] [5.5 6.5]
# expect-out: 45
import numpy as np
np.random.seed(0)
r = np.random.random(3)
print(r)
print(np.linspace(0, 1, 5))
print(np.arange(0, 10, 2))
print(np.ones((2, 3)))
print(np.zeros(4))
a = np.arange(12).reshape(3, 4)
print(a.shape, a.size, a.ndim)
print(a[1])
print(a[:3, 2])
print(a[::2, 1::2] - a[0, 0])
print(0.1, 0.1 + 0.2, 1e-5, 6 / 2, 7 // 1, -7 // 4, 2 % 3, 2 ** 3, 2 ** 10)
b = np.random.randn(10).reshape(2, -1)
print(b.shape, b[0].shape, b.reshape(-1, 1).shape)
pi = 3.14159
print(f"|{pi:6.2f}|{'left':<6}|{42:04d}|{1234567:,}|{0.125:.1%}|{12345.678:.2e}|")
x = np.array([[1, 2], [3, 4]]) * 2 + 1
y = np.array([1.0, 2.0]) + 4.5
print(np.array([1, 2, 3]), y)
u = np.random.uniform(-1, 1, size=(4, 2))
n = np.random.normal(0.0, 1.0, (4,))
i = np.random.randint(0, 5, 6)
s = np.sum(np.arange(10))
print(s)
