# The functional API.
# expect-rc: 2
# expect-err: unsup_functional.py:7: the functional Model API is not supported
from tensorflow import keras
inputs = keras.Input(shape=(3,))
outputs = keras.layers.Dense(1)
model = keras.Model(inputs, outputs)
