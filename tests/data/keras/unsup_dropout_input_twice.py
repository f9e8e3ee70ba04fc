# Two Dropout layers on the inputs: the engine has one input dropout.
# expect-rc: 2
# expect-err: unsup_dropout_input_twice.py:8: two Dropout layers on the inputs are not supported
from tensorflow import keras
model = keras.Sequential([
    keras.layers.InputLayer(input_shape=(3,)),
    keras.layers.Dropout(0.2),
    keras.layers.Dropout(0.1),
    keras.layers.Dense(1),
])
model.summary()
