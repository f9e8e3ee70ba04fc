# The TensorFlow 2 quickstart for beginners, as published (one epoch here).
# needs: fashion-mnist
# expect-rc: 0
# expect-err: note: MNIST was not found
# Dropout(0.2) is a real layer here: it drops units during fit only.
# expect-out: Epoch 1/1
# expect-out: 1875/1875 [==============================]
# expect-out: 313/313 - 
# expect-acc: 0.70 0.95
import tensorflow as tf
print("TensorFlow version: 2.x")

mnist = tf.keras.datasets.mnist

(x_train, y_train), (x_test, y_test) = mnist.load_data()
x_train, x_test = x_train / 255.0, x_test / 255.0

model = tf.keras.models.Sequential([
  tf.keras.layers.Flatten(input_shape=(28, 28)),
  tf.keras.layers.Dense(128, activation='relu'),
  tf.keras.layers.Dropout(0.2),
  tf.keras.layers.Dense(10)
])

predictions = model(x_train[:1]).numpy()
predictions

tf.nn.softmax(predictions).numpy()

loss_fn = tf.keras.losses.SparseCategoricalCrossentropy(from_logits=True)

loss_fn(y_train[:1], predictions).numpy()

model.compile(optimizer='adam',
              loss=loss_fn,
              metrics=['accuracy'])

model.fit(x_train, y_train, epochs=1)

model.evaluate(x_test,  y_test, verbose=2)

probability_model = tf.keras.Sequential([
  model,
  tf.keras.layers.Softmax()
])

probability_model(x_test[:5])
print(loss_fn(y_train[:1], predictions).numpy())
print(probability_model(x_test[:2]).shape)
