# The Keras bridge's figure (issue 12): a 784-32-10 relu/softmax network,
# Adam, categorical cross-entropy, batch 32, 10 epochs on Fashion-MNIST
# (x_train and friends are bound to Debian's Fashion-MNIST). Timed start to
# finish by keras_fashion.sh beside it.
from tensorflow import keras

model = keras.Sequential([
    keras.layers.Dense(32, activation='relu', input_shape=(784,)),
    keras.layers.Dense(10, activation='softmax'),
])
model.compile(optimizer='adam', loss='categorical_crossentropy', metrics=['accuracy'])
model.fit(x_train, y_train, epochs=10, batch_size=32, verbose=2)
