# mnist.load_data() reads Keras's cache, ~/.keras/datasets/mnist.npz (a tiny one here,
# zip64 and deflated as NumPy writes it).
# npz: 0
# expect-rc: 0
# expect-out: (200, 28, 28) (200,) (50, 28, 28) [7 9 5 4 2 2 0 5 8 7]
# expect-out: True
import tensorflow as tf
(x_train, y_train), (x_test, y_test) = tf.keras.datasets.mnist.load_data()
print(x_train.shape, y_train.shape, x_test.shape, y_train[:10])
model = tf.keras.Sequential([tf.keras.layers.Flatten(input_shape=(28, 28)), tf.keras.layers.Dense(10, activation='softmax')])
model.compile(optimizer='adam', loss='sparse_categorical_crossentropy', metrics=['accuracy'])
model.fit(x_train / 255.0, y_train, epochs=20, verbose=0)
print(model.evaluate(x_test / 255.0, y_test, verbose=0)[1] > 0.9)
