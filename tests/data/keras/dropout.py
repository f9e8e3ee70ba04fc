# Dropout between hidden layers trains (only during fit), and summary()
# lists it with no parameters, as Keras does.
# expect-rc: 0
# expect-out: dropout (Dropout)           (None, 16)                0
# expect-out: dropout_1 (Dropout)         (None, 8)                 0
# expect-out: Total params: 225
# expect-out: Epoch 30/30
# expect-acc: 0.80 1.00
import numpy as np
from tensorflow import keras
from tensorflow.keras import layers

x = np.random.random((400, 4))
y = (x[:, 0] + x[:, 1] > 1.0) * 1.0

model = keras.Sequential([
    layers.Dense(16, activation='relu', input_shape=(4,)),
    layers.Dropout(0.3),
    layers.Dense(8, activation='relu'),
    layers.Dropout(rate=0.1),
    layers.Dense(1, activation='sigmoid'),
])
model.summary()
model.compile(optimizer=keras.optimizers.Adam(learning_rate=0.01), loss='binary_crossentropy', metrics=['accuracy'])
model.fit(x, y, epochs=30, batch_size=16, verbose=2)
model.evaluate(x, y, verbose=2)
