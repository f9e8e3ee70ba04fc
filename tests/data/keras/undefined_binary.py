# Undefined data, one sigmoid output: a synthetic binary-class set.
# expect-rc: 0
# expect-err: undefined_binary.py:10: note: x_train, y_train, x_test, y_test are not defined: bound to a synthetic binary-class set of 5 inputs
# expect-acc: 0.85 1.0
from keras.models import Sequential
from keras.layers import Dense

model = Sequential([Dense(8, activation='relu', input_dim=5), Dense(1, activation='sigmoid')])
model.compile(optimizer='adam', loss='binary_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=30, verbose=2)
