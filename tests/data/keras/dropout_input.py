# Dropout straight on the inputs (after Input, and after Flatten as in the
# TensorFlow quickstart's variants): inverted dropout on each input value
# during fit only; summary() lists it with the input's shape and no
# parameters, as Keras does.
# expect-rc: 0
# expect-out: dropout (Dropout)           (None, 4)                 0
# expect-out: Total params: 97
# expect-out: Epoch 40/40
# expect-acc: 0.75 1.00
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x = np.random.random((400, 2, 2))
y = (x[:, 0, 0] + x[:, 1, 1] > 1.0) * 1.0

model = keras.Sequential([
    layers.InputLayer(input_shape=(2, 2)),
    layers.Flatten(),
    layers.Dropout(0.2),
    layers.Dense(16, activation='relu'),
    layers.Dense(1, activation='sigmoid'),
])
model.summary()
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss='binary_crossentropy', metrics=['accuracy'])
model.fit(x, y, epochs=40, batch_size=16, verbose=2)
model.evaluate(x, y, verbose=2)
