# A damaged mnist.npz is named in one line, not read as garbage.
# npz: 4000
# expect-rc: 2
# expect-err: mnist_npz_truncated.py:7: 
# expect-err: mnist.npz: no readable
from keras.datasets import mnist
(x_train, y_train), (x_test, y_test) = mnist.load_data()
