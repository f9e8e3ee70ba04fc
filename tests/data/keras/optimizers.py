# Every optimizer constructor and name, with Keras's arguments.
# expect-rc: 0
# expect-out: sgd-positional ok
# expect-out: adamw ok
# expect-out: names ok
from tensorflow import keras
from tensorflow.keras.optimizers import SGD, Adam, RMSprop, Adagrad, AdamW
import numpy as np

np.random.seed(1)
x = np.random.random((64, 3))
y = x @ np.array([[1.0], [-2.0], [0.5]]) + 0.3
model = keras.Sequential([keras.layers.Dense(4, activation='relu', input_shape=(3,)),
                          keras.layers.Dense(1)])
for_each = [
    ("sgd-positional", SGD(0.01, momentum=0.9)),
]
model.compile(optimizer=SGD(0.01, momentum=0.9), loss='mse')
model.fit(x, y, epochs=1, verbose=0)
print("sgd-positional ok")
model.compile(optimizer=SGD(learning_rate=0.1), loss='mse'); model.fit(x, y, verbose=0); print("sgd ok")
model.compile(optimizer=SGD(momentum=0.9, nesterov=True), loss='mse'); model.fit(x, y, verbose=0); print("nesterov ok")
model.compile(optimizer=Adam(learning_rate=1e-3), loss='mse'); model.fit(x, y, verbose=0); print("adam ok")
model.compile(optimizer=Adam(lr=0.01, beta_1=0.8, beta_2=0.99, epsilon=1e-6), loss='mse'); model.fit(x, y, verbose=0); print("adam-args ok")
model.compile(optimizer=RMSprop(), loss='mse'); model.fit(x, y, verbose=0); print("rmsprop ok")
model.compile(optimizer=RMSprop(learning_rate=0.001, rho=0.9, momentum=0.5), loss='mse'); model.fit(x, y, verbose=0); print("rmsprop-momentum ok")
model.compile(optimizer=Adagrad(), loss='mse'); model.fit(x, y, verbose=0); print("adagrad ok")
model.compile(optimizer=Adagrad(0.1, initial_accumulator_value=0.2), loss='mse'); model.fit(x, y, verbose=0); print("adagrad-args ok")
model.compile(optimizer=keras.optimizers.AdamW(weight_decay=0.01), loss='mse'); model.fit(x, y, verbose=0); print("adamw ok")
model.compile(optimizer='sgd', loss='mse'); model.fit(x, y, verbose=0)
model.compile(optimizer='adam', loss='mse'); model.fit(x, y, verbose=0)
model.compile(optimizer='rmsprop', loss='mse'); model.fit(x, y, verbose=0)
model.compile(optimizer='adagrad', loss='mse'); model.fit(x, y, verbose=0)
model.compile(optimizer='adamw', loss='mse'); model.fit(x, y, verbose=0)
model.compile(optimizer='Adam', loss='mse'); model.fit(x, y, verbose=0)
print("names ok")
