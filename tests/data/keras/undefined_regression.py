# Undefined data, a linear output with mse: a synthetic regression set.
# expect-rc: 0
# expect-err: bound to a synthetic regression set of 3 inputs
# expect-out: small loss True
from keras.models import Sequential
from keras.layers import Dense

model = Sequential([Dense(1, input_dim=3)])
model.compile(optimizer='sgd', loss='mse')
h = model.fit(x_train, y_train, epochs=20, verbose=0)
print("small loss", h.history['loss'][-1] < 0.1, model.evaluate(x_test, y_test, verbose=0) < 0.1)
