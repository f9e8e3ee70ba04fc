# A convolutional layer is outside the subset.
# expect-rc: 2
# expect-err: unsup_conv2d.py:7: Conv2D is not supported (nnviz trains dense networks
from tensorflow import keras
model = keras.Sequential()
model.add(keras.layers.Dense(4, input_shape=(3,)))
model.add(keras.layers.Conv2D(32, 3))
