# Dropout straight on the inputs: nnviz drops hidden units only.
# expect-rc: 2
# expect-err: unsup_dropout_input.py:7: Dropout on the inputs is not supported
from tensorflow import keras
model = keras.Sequential([
    keras.layers.InputLayer(input_shape=(3,)),
    keras.layers.Dropout(0.2),
    keras.layers.Dense(1),
])
model.summary()
