# Callbacks are outside the subset.
# expect-rc: 2
# expect-err: unsup_callbacks.py:8: keras.callbacks.EarlyStopping is not supported
import numpy as np
from keras import Sequential, layers, callbacks
m = Sequential([layers.Dense(1, input_dim=2)]); m.compile(optimizer='adam', loss='mse')
x = np.zeros((4, 2)); y = np.zeros(4)
m.fit(x, y, callbacks=[callbacks.EarlyStopping()])
