# Dropout after the output layer: nnviz drops hidden units only.
# expect-rc: 2
# expect-err: unsup_dropout_output.py:9: Dropout after the output layer is not supported
from tensorflow import keras
model = keras.Sequential([
    keras.layers.Dense(8, activation='relu', input_shape=(3,)),
    keras.layers.Dropout(0.5),
    keras.layers.Dense(1),
    keras.layers.Dropout(0.1),
])
model.summary()
