# Undefined data, a softmax over 4 classes with one-hot labels.
# expect-rc: 0
# expect-err: note: x_train, y_train, x_test, y_test are not defined: bound to a synthetic multi-class set of 6 inputs
# expect-out: test accuracy
# expect-acc: 0.75 1.0
from keras.models import Sequential
from keras.layers import Dense

model = Sequential([Dense(16, activation='relu', input_dim=6), Dense(4, activation='softmax')])
model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
print(y_train.shape)
model.fit(x_train, y_train, epochs=30, verbose=2, validation_data=(x_test, y_test))
loss, acc = model.evaluate(x_test, y_test, verbose=0)
print("test accuracy", acc > 0.7)
