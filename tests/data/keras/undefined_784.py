# x_train and friends never made: a 784-input model binds them to Fashion-MNIST.
# needs: fashion-mnist
# expect-rc: 0
# expect-err: undefined_784.py:14: note: x_train, y_train, x_test, y_test are not defined: bound to Fashion-MNIST
# expect-out: Epoch 1/1
# expect-acc: 0.75 0.95
from tensorflow import keras

model = keras.Sequential([
    keras.layers.Dense(32, activation='relu', input_shape=(784,)),
    keras.layers.Dense(10, activation='softmax'),
])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=1, batch_size=32, verbose=2)
model.evaluate(x_test, y_test, verbose=2)
